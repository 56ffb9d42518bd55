"""The newsletter at scale, with its faults (issue 11, "Faults and load"): Mailchimp down or hung
while 200 visitors sign up, then back; and `send_digest` killed at each step of a big digest.

Sign-ups run as in production: gunicorn with the production settings serves the real form over
HTTP (CSRF cookie, rate limits counted per visitor's X-Real-IP), the request stores the record
and queues its sync in the database (`TASKS_BACKEND=database`), a real `db_worker` works
through the queue, and `newsletter_sync` (cron's command) retries afterwards. These processes
share the test's PostgreSQL database; on SQLite the sign-up tests are skipped.

The digest: what grows with a network is the digest itself (items to compile, render and
upload as one content update) and the audience. The audience lives in Mailchimp, which does
the delivering: the site never reads it while sending, so 20,000 contacts in the fake only
show the one send reaching them all once; the big digest is what the site's own work scales
with. `--long-faults` runs 1,000 sign-ups in each outage and a digest ten times as big."""

import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.db.models import F, Max
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bench.data import pages_under
from hub.mailchimp import subscriber_hash
from hub.models import OutgoingEmail
from newsletter import sync
from newsletter.models import FIRST_SYNC_BACKSTOP, Digest, NewsletterSettings, Subscriber
from newsletter.rendering import digest_sections
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.newsletter.factories import SubscriberFactory
from tests.newsletter.processes import (
    CAMPAIGN,
    CAMPAIGNS,
    CONTENT,
    HOLD,
    ROOT,
    SEND,
    SharedDatabase,
    assert_sent_once,
)
from tests.servers import fetch, manage_command, production_server, server_env

pytestmark = pytest.mark.django_db(transaction=True)

WORDING = "Yes, email me the network's newsletter (wording of the at-scale test)."
SLOWEST_ANSWER = 1.0  # seconds: what a visitor may wait for a sign-up, whatever Mailchimp does


def figure(line):
    """A measurement for the report (seen with `pytest -s`)."""
    print(line)  # noqa: T201


# --- Sign-ups while Mailchimp is away --------------------------------------------------------


@pytest.fixture
def env(transactional_db, fake, tmp_path):
    """The production settings on the test's database and the fake Mailchimp, for gunicorn,
    `db_worker` and `newsletter_sync`."""
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn, the worker and the test share the database: PostgreSQL only")
    # The servers count sign-ups per hour in this table (hub/settings/base.py), which flushing
    # the database between tests leaves alone: each test starts a fresh hour.
    DatabaseCache("hub_ratelimit_cache", {}).clear()
    return server_env(
        SharedDatabase(tmp_path).url,
        TASKS_BACKEND="database",
        RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP",  # behind a proxy, as in production
        MAILCHIMP_API_KEY=fake.api_key,
        MAILCHIMP_AUDIENCE_ID=fake.list_id,
        MAILCHIMP_API_BASE_URL=fake.base_url,
        MAILCHIMP_SERVER_PREFIX="us21",
        MAILCHIMP_TIMEOUT="1",  # production's 30 s, shortened: what a hung call costs
    )


def sign_up(url, number, interests):
    """Visitor `number`, from an address of their own, opens the sign-up page and sends the
    form. Returns when they sent it and how long its answer took."""
    visitor = {"X-Real-IP": f"10.1.{number // 250}.{number % 250 + 1}"}
    status, headers, page = fetch(url + "/newsletter/", headers=visitor)
    assert status == 200, page
    cookie = re.search(r"csrftoken=([^;]+)", ", ".join(headers.get_all("Set-Cookie")))[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    form = {
        "csrfmiddlewaretoken": token,
        "email": f"Visitor{number}@Example.org",  # stored and synced in lower case
        "first_name": f"Visitor {number}",
        "interests": interests,
        "consent": "on",
        "source": "/newsletter/",
    }
    headers = {**visitor, "Cookie": f"csrftoken={cookie}", "Origin": url.replace("http:", "https:")}
    asked = timezone.now()
    started = time.monotonic()
    status, headers, page = fetch(url + "/newsletter/", form, headers)
    answered_in = time.monotonic() - started
    assert (status, headers.get("Location")) == (302, "/newsletter/thanks/"), page
    return asked, answered_in


def newsletter_sync(env):
    """Cron's retry, run once: its output and how long it took."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "newsletter_sync"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout, time.monotonic() - started


def wait_for_the_queue(timeout):
    """Until the worker has taken every queued task; how long that took."""
    started = time.monotonic()
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        assert time.monotonic() - started < timeout, "the worker did not empty the queue"
        time.sleep(0.2)
    return time.monotonic() - started


OUTAGES = {
    "refused": lambda fake: fake.go_down(),
    "503": lambda fake: fake.outage(503),
    "hung": lambda fake: fake.hang(),
}
FIRST_CHOICE, SECOND_CHOICE = ["jobs", "funding"], ["news"]


@pytest.mark.parametrize("outage", OUTAGES)
def test_sign_ups_while_mailchimp_is_away_are_kept_answered_at_once_and_synced_once_after(
    env, fake, outage, long_faults
):
    if outage == "503" and not long_faults:
        pytest.skip("answered errors cost what refused connections do: --long-faults runs it")
    visitors = 1000 if long_faults else 200
    again = range(0, visitors, 10)  # every tenth visitor signs up twice, changing their topics
    home = make_site()
    NewsletterSettings.objects.create(site=home.get_site(), consent_wording=WORDING)
    OUTAGES[outage](fake)
    with (
        production_server(env) as server,
        manage_command(env, "db_worker", "--interval", "0.1", "--no-startup-delay") as worker,
        ThreadPoolExecutor(max_workers=2) as pool,  # one visitor per gunicorn worker
    ):
        first = list(pool.map(lambda n: sign_up(server.url, n, FIRST_CHOICE), range(visitors)))
        second = list(pool.map(lambda n: sign_up(server.url, n, SECOND_CHOICE), again))
        drained_in = wait_for_the_queue(timeout=120)
        assert worker.poll() is None, "the worker died"
    answers = [answered_in for _, answered_in in first + second]
    figure(
        f"[{outage}] {len(answers)} sign-ups; slowest answer {max(answers):.3f}s, median "
        f"{sorted(answers)[len(answers) // 2]:.3f}s; the worker's queue emptied "
        f"{drained_in:.1f}s after the last"
    )
    assert max(answers) < SLOWEST_ANSWER
    # The worker keeps up: one hung call, then a minute of syncs turned away at once (without
    # that pause, each waited MAILCHIMP_TIMEOUT: 220 s here, 110 minutes at production's 30 s).
    assert drained_in < 30

    # Every visitor is stored once, with what they agreed to and when, waiting for a retry.
    asked = {n: when for n, (when, _) in enumerate(first)} | {
        n: when for n, (when, _) in zip(again, second, strict=True)
    }
    subscribers = {s.email: s for s in Subscriber.objects.all()}
    assert sorted(subscribers) == sorted(f"visitor{n}@example.org" for n in range(visitors))
    for number in range(visitors):
        subscriber = subscribers[f"visitor{number}@example.org"]
        assert subscriber.consent_text == WORDING
        assert subscriber.consent_source == "/newsletter/"
        assert asked[number] <= subscriber.consented_at <= asked[number] + timedelta(seconds=5)
        assert subscriber.interests == (SECOND_CHOICE if number in again else FIRST_CHOICE)
        assert subscriber.sync_state == Subscriber.SyncState.FAILED
        assert ("HTTP 503" if outage == "503" else "no answer") in subscriber.sync_error
        assert subscriber.next_sync_at is not None  # to be retried, not given up
    assert not DBTaskResult.objects.filter(status="FAILED").exists()  # no task crashed
    assert not fake.lists[fake.list_id]["members"]

    # Mailchimp is back; once their waits are over, cron's retry syncs each one once.
    fake.recover()
    # Time moves on past the longest wait (5 minutes after a second failed attempt): every
    # wait ends as much earlier.
    latest = Subscriber.objects.aggregate(latest=Max("next_sync_at"))["latest"]
    moved_on = max(latest - timezone.now(), timedelta(0)) + timedelta(seconds=1)
    Subscriber.objects.update(next_sync_at=F("next_sync_at") - moved_on)
    output, synced_in = newsletter_sync(env)
    figure(f"[{outage}] newsletter_sync after recovery: {synced_in:.1f}s: {output.strip()}")
    assert f"Retried {visitors} sign-up(s): {visitors} done, 0 failed." in output

    members = fake.lists[fake.list_id]["members"]
    assert set(members) == {subscriber_hash(email) for email in subscribers}
    assert sorted(c["email_address"] for c in fake.confirmations) == sorted(subscribers)
    applied = [r for r in fake.requests if r["method"] == "PUT" and r["status"] == 200]
    for hash_ in members:
        puts = [r["body"] for r in applied if r["path"].endswith(f"/members/{hash_}")]
        # One sync each: the contact, then its email permission (GDPR fields are on).
        assert ["marketing_permissions" in body for body in puts] == [False, True], puts
    for number in range(visitors):
        member = fake.member(f"visitor{number}@example.org")
        assert member["status"] == "pending"
        assert member["merge_fields"]["FNAME"] == f"Visitor {number}"
        chosen = SECOND_CHOICE if number in again else FIRST_CHOICE
        ticked = {
            name
            for name in ("Jobs", "Funding", "News")
            if member["interests"][fake.interest_id(name)]
        }
        assert ticked == {label.capitalize() for label in chosen}
    assert not Subscriber.objects.exclude(sync_state=Subscriber.SyncState.SYNCED).exists()
    assert not OutgoingEmail.objects.exists()  # Mailchimp confirms, not the site


def test_a_sign_up_whose_sync_died_with_the_worker_is_synced_by_the_next_retry(env, fake):
    """The worker is killed (a deploy, the OOM killer) while Mailchimp hangs on the sync it is
    running: its task stays "running" for ever and nothing queues it again. Once the first
    sync is overdue, `newsletter_sync` does it."""
    make_site()
    fake.hang()
    env = {**env, "MAILCHIMP_TIMEOUT": "30"}  # still waiting when the worker dies
    with (
        production_server(env) as server,
        manage_command(env, "db_worker", "--interval", "0.1", "--no-startup-delay") as worker,
    ):
        sign_up(server.url, 1, FIRST_CHOICE)
        deadline = time.monotonic() + 30
        while not fake.requests:
            assert time.monotonic() < deadline, "the worker did not call Mailchimp"
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    assert Subscriber.objects.get().sync_state == Subscriber.SyncState.WAITING
    assert DBTaskResult.objects.get().status == "RUNNING"
    fake.recover()
    assert not Subscriber.objects.due_for_sync().exists()  # the task has its time first

    Subscriber.objects.update(next_sync_at=F("next_sync_at") - FIRST_SYNC_BACKSTOP)
    output, _ = newsletter_sync(env)

    assert "Retried 1 sign-up(s): 1 done, 0 failed." in output
    assert Subscriber.objects.get().sync_state == Subscriber.SyncState.SYNCED
    assert fake.member("visitor1@example.org")["status"] == "pending"
    assert [c["email_address"] for c in fake.confirmations] == ["visitor1@example.org"]


def test_once_mailchimp_leaves_a_call_unanswered_the_next_minute_s_syncs_do_not_wait_on_it(
    mailchimp, settings
):
    """What keeps the worker's queue moving while Mailchimp hangs: one sync waits the whole
    MAILCHIMP_TIMEOUT, the next minute's fail at once and wait for their retry."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    subscribers = SubscriberFactory.create_batch(3, status=Subscriber.Status.PENDING)
    mailchimp.hang()
    now = timezone.now()
    started = time.monotonic()
    for subscriber in subscribers:
        sync.sync(subscriber, now=now)
    assert time.monotonic() - started < 2  # one timeout of 1 s, not three
    assert len(mailchimp.requests) == 1
    assert "Read timed out" in subscribers[0].sync_error
    for subscriber in subscribers:
        subscriber.refresh_from_db()
        assert subscriber.sync_state == Subscriber.SyncState.FAILED
        assert subscriber.next_sync_at == now + timedelta(minutes=1)
    assert subscribers[1].sync_error.startswith("Not tried, as Mailchimp did not answer")

    mailchimp.recover()
    sync.sync(subscribers[1], now=now + timedelta(seconds=59))
    assert len(mailchimp.requests) == 1  # still paused
    sync.sync(subscribers[1], now=now + timedelta(minutes=1))
    assert subscribers[1].sync_state == Subscriber.SyncState.SYNCED
    assert mailchimp.member(subscribers[1].email)["status"] == "pending"
    cache.clear()


# --- A big digest, killed at each step -------------------------------------------------------

KIND_TRAITS = ["funding", "consultation", "event", "member_message", None]


def publish(posts, vacancies):
    """`posts` bulletin posts of every kind and `vacancies` open vacancies, first published
    yesterday, inserted in bulk (as `bench/data.py` loads the benchmark). Their titles."""
    home = make_site()
    bulletin = BulletinIndexPageFactory(parent=home)
    jobs = JobsIndexPageFactory(parent=home)
    yesterday = timezone.now() - timedelta(days=1)
    built = [
        BulletinPostFactory.build(
            title=f"Scale post {number:05d}",
            slug=f"scale-post-{number}",
            first_published_at=yesterday,
            **({trait: True} if (trait := KIND_TRAITS[number % len(KIND_TRAITS)]) else {}),
        )
        for number in range(posts)
    ]
    built_vacancies = [
        VacancyFactory.build(
            title=f"Scale vacancy {number:05d}",
            slug=f"scale-vacancy-{number}",
            first_published_at=yesterday,
        )
        for number in range(vacancies)
    ]
    pages_under(bulletin, built)
    pages_under(jobs, built_vacancies)
    return [page.title for page in built + built_vacancies]


def fill_audience(fake, count):
    """`count` confirmed contacts, put straight into the fake: Mailchimp's side of the list."""
    with fake.lock:
        members = fake.lists[fake.list_id]["members"]
        for number in range(count):
            email = f"reader{number}@example.org"
            members[subscriber_hash(email)] = {"email_address": email, "status": "subscribed"}


def test_a_big_digest_killed_at_each_step_goes_out_once_to_everyone_with_every_item(
    commands, fake, long_faults
):
    """One digest, compiled once by the first run, then `send_digest` killed with SIGKILL at
    each Mailchimp step in turn (each run resumes where the last died) and finally run to the
    end: one campaign, sent once, to the whole audience, with every item."""
    posts, vacancies = (3000, 1000) if long_faults else (300, 100)
    titles = publish(posts, vacancies)
    fill_audience(fake, 20_000)
    runs = []

    def timed(step, action, *args, **kwargs):
        started = time.monotonic()
        output = action(*args, **kwargs)
        runs.append(f"{step} {time.monotonic() - started:.1f}s")
        return output

    # Killed while creating the campaign, which Mailchimp creates all the same.
    fake.delay("POST", CAMPAIGNS, 3, apply=True)
    timed("compiled, killed during create:", commands.kill_at, "POST", CAMPAIGNS)
    assert fake.wait_idle(timeout=10)
    digest = Digest.objects.get()
    assert digest.digest_items.count() == posts + vacancies
    # The email shows each section's first items and links to the rest on the site.
    sections = digest_sections(digest)
    shown = [entry.title for section in sections for entry in section.entries]
    see_all = [link.words for section in sections for link in section.see_all]
    assert see_all
    assert digest.status == Digest.Status.SENDING and digest.campaign_id == ""
    assert len(fake.campaigns) == 1

    # Found by its title, then killed before its content lands.
    fake.delay("PUT", CONTENT, HOLD, apply=False)
    timed("killed setting the content:", commands.kill_at, "PUT", CONTENT)
    [campaign] = fake.campaigns.values()
    assert Digest.objects.get().campaign_id == campaign["id"]
    assert campaign["content"]["html"] == ""

    # Content set, killed at the check before sending.
    checks = commands.received("GET", CAMPAIGN)
    fake.delay("GET", CAMPAIGN, 0)
    fake.delay("GET", CAMPAIGN, HOLD, apply=False)
    timed("killed before send:", commands.kill_at, "GET", CAMPAIGN, nth=checks + 2)
    assert all(text in campaign["content"]["plain_text"] for text in shown + see_all)
    assert not fake.sent

    # Killed while sending, which Mailchimp carries out.
    fake.delay("POST", SEND, 3, apply=True)
    timed("killed during send:", commands.kill_at, "POST", SEND)
    assert Digest.objects.get().status == Digest.Status.SENDING  # died before hearing back
    deadline = time.monotonic() + 10  # (the earlier runs' held requests are still open)
    while not fake.sent and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(fake.sent) == 1

    output = timed("the run that records it:", commands.run)

    assert "went out through Mailchimp" in output
    _, sent = assert_sent_once(fake, shown + see_all)
    assert campaign["emails_sent"] == 20_000
    assert commands.received("POST", CAMPAIGNS) == 1
    assert commands.received("POST", SEND) == 1
    figure(
        f"digest of {len(titles)} items, {len(shown)} shown: html {len(sent['html']) / 1024:.0f} "
        f"KiB, plain text {len(sent['plain_text']) / 1024:.0f} KiB; runs: " + "; ".join(runs)
    )
