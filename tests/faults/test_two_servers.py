"""Two app servers (gunicorn with the production settings, on two ports) sharing one PostgreSQL
database and one Redis, as a site run on two machines behind a load balancer does:

- failed logins counted on one server hold on the other;
- a page published through one server's admin is fresh on both (the anonymous page cache);
- emails queued by the servers as tasks are sent once each by two `db_worker` processes."""

import contextlib
import socketserver
import threading
import time
from collections import Counter

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from hub.models import NetworkSettings, OutgoingEmail
from tests import servers
from tests.factories import StandardPageFactory, UserFactory, make_site
from tests.faults.conftest import CACHE_URL, report
from tests.test_mail_server_hung import SMTPHandler

pytestmark = pytest.mark.django_db(transaction=True)

ACCOUNT_LIMIT = 3
PASSWORD = "correct horse battery staple"  # noqa: S105 -- a test account's


class TwoAtOnceSMTPHandler(SMTPHandler):
    """Holds the first message until a second connection comes (15 s at most), so two workers
    are sending at once: with both alive, neither can take the whole queue."""

    def handle(self):
        server = self.server
        with server.lock:
            server.connections += 1
            if server.connections >= 2:
                server.two_at_once.set()
        server.two_at_once.wait(timeout=15)
        super().handle()


@pytest.fixture(scope="module")
def mail_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), TwoAtOnceSMTPHandler)
    server.daemon_threads = True
    server.hung = threading.Event()  # SMTPHandler's: never set, so it answers
    server.two_at_once = threading.Event()
    server.connections = 0
    server.received = []
    server.lock = threading.Lock()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def env(django_db_setup, mail_server):
    return servers.server_env(
        servers.shared_test_database_url(),
        CACHE_URL=CACHE_URL,
        LOGIN_FAILURES_PER_ACCOUNT=str(ACCOUNT_LIMIT),
        CONTACT_RATE_LIMIT_PER_HOUR="1000",
        EMAIL_BACKEND="smtp",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(mail_server.server_address[1]),
        EMAIL_USE_TLS="false",
    )


@pytest.fixture(scope="module")
def two_servers(env):
    with servers.production_server(env) as a, servers.production_server(env) as b:
        yield a, b


@pytest.fixture(autouse=True)
def empty_redis():
    redis.Redis.from_url(CACHE_URL).flushdb()


def account(username):
    """A user whose password the production settings can check: the test settings hash with
    MD5, which production does not accept. Few iterations, as only the format matters."""
    user = UserFactory(username=username, is_staff=True, is_superuser=True)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "fixedsalt", iterations=1000)
    user.save(update_fields=["password"])
    return user


def log_in(server, username, password, path="/account/login/"):
    browser = servers.Browser(server.url)
    return browser, browser.post_form(path, {"username": username, "password": password})


def test_failed_logins_counted_on_one_server_hold_on_the_other(two_servers):
    a, b = two_servers
    make_site()
    account("amira")
    # The failures alternate between the servers, as a load balancer would send them.
    for server in [a, b, a]:
        _, (status, _, body) = log_in(server, "amira", "wrong password")
        assert status == 200
        assert "Too many failed attempts" not in body

    for server in [b, a]:
        _, (status, headers, body) = log_in(server, "amira", PASSWORD)
        assert status == 429, f"{server.url} let the account log in"
        assert int(headers["Retry-After"]) > 0
        assert "Too many failed attempts" in body

    # Another account is not held up on either server.
    account("bea")
    for server in [a, b]:
        assert log_in(server, "bea", PASSWORD)[1][0] == 302


def cache_state(server, path):
    status, headers, body = servers.fetch(server.url + path)
    assert status == 200
    return headers.get("X-Page-Cache"), body


def test_a_page_published_through_one_server_is_fresh_on_both(two_servers):
    a, b = two_servers
    home = make_site()
    page = StandardPageFactory(parent=home, slug="about", title="About the network")
    account("editor")
    path = "/about/"
    for server in [a, b, a, b]:
        cache_state(server, path)
    for server in [a, b]:
        state, body = cache_state(server, path)
        assert state == "hit", f"{server.url} did not serve {path} from the page cache"
        assert "About the network" in body

    # A draft made here publishes nothing; the editor publishes it in server A's admin.
    page.title = "About our network of 120 groups"
    page.save_revision()
    admin, (status, _, _) = log_in(a, "editor", PASSWORD, path="/admin/login/")
    assert status == 302
    status, _, _ = admin.post_form(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}", {})
    assert status == 302

    for server in [a, b]:
        _, body = cache_state(server, path)
        assert "About our network of 120 groups" in body, f"{server.url} served the old page"
    for server in [b, a]:
        state, body = cache_state(server, path)
        assert state == "hit"
        assert "About our network of 120 groups" in body


@contextlib.contextmanager
def db_workers(env, names):
    with contextlib.ExitStack() as stack:
        yield [
            stack.enter_context(
                servers.manage_command(env, "db_worker", "--interval", "0.2", "--worker-id", name)
            )
            for name in names
        ]


def test_emails_queued_by_both_servers_are_sent_once_each_by_two_workers(
    two_servers, env, mail_server
):
    a, b = two_servers
    make_site()
    network = NetworkSettings.for_site(Site.objects.get())
    network.contact_email = "team@network.example"
    network.save()
    messages = 20
    with db_workers(env, ["worker-a", "worker-b"]) as workers:
        browser = servers.Browser(a.url)
        for n in range(messages):
            status, _, _ = browser.post_form(
                "/contact/",
                {
                    "name": "Sam",
                    "email": f"sender{n}@example.org",
                    "message": "Hi",
                    "reply_by": "email",
                },
                base_url=[a, b][n % 2].url,
            )
            assert status == 302
        deadline = time.monotonic() + 60
        while OutgoingEmail.objects.filter(sent_at__isnull=False).count() < messages:
            for worker in workers:
                assert worker.poll() is None, servers.output(worker.log)
            assert time.monotonic() < deadline, "the workers did not send every email"
            time.sleep(0.2)
        time.sleep(1)  # time for a second sending, were there one

    senders = Counter(message["Reply-To"] for _, message in mail_server.received)
    assert senders == Counter(f"sender{n}@example.org" for n in range(messages))
    results = DBTaskResult.objects.filter(task_path="hub.tasks.send_queued_email")
    assert results.count() == messages
    assert {result.status for result in results} == {"SUCCESSFUL"}
    runs = Counter(worker for result in results for worker in result.worker_ids)
    report(f"two workers, {messages} email tasks: runs per worker {dict(runs)}")
    assert sum(runs.values()) == messages, "a task was run more than once"
    assert set(runs) == {"worker-a", "worker-b"}, "one worker did all the work"
