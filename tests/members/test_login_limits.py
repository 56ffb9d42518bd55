"""Both logins, the members' and Wagtail's admin, stop guessing: failed attempts are counted per
account typed and per client address, in the cache every worker shares (a database table, or
Redis), and once a count is spent every login there waits until its window ends."""

import re
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from django_ratelimit import core as ratelimit_core

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "the right passphrase"  # noqa: S105 -- a test account's password
PER_ACCOUNT = 5
PER_ADDRESS = 8
MEMBER_LOGIN = "/account/login/"
ADMIN_LOGIN = "/admin/login/"


def redis_available():
    try:
        return redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(
    params=[
        "database",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379"),
        ),
    ]
)
def shared_cache(request, settings):
    """The shared cache as production has it: the database table hub's migration makes, or
    Redis (each test under its own key prefix)."""
    if request.param == "database":
        cache = {"BACKEND": "hub.ratelimit.DatabaseCounterCache", "LOCATION": "hub_ratelimit_cache"}
    else:
        cache = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"test-{uuid.uuid4()}",
        }
    settings.CACHES = {**settings.CACHES, "ratelimit": cache}
    settings.RATELIMIT_USE_CACHE = "ratelimit"
    if request.param == "database":
        # The table is no model's: counts left by other tests' servers outlive their flush.
        caches.create_connection("ratelimit").clear()
    settings.LOGIN_FAILURES_PER_ACCOUNT = PER_ACCOUNT
    settings.LOGIN_FAILURES_PER_ADDRESS = PER_ADDRESS
    settings.LOGIN_LIMIT_MINUTES = 15
    return request.param


@pytest.fixture
def member():
    return UserFactory(username="sam", email="sam@example.org", password=PASSWORD)


@pytest.fixture
def staff():
    return UserFactory(
        username="editor", email="editor@example.org", password=PASSWORD, is_superuser=True
    )


def log_in(client, url, username, password="wrong", address="10.1.0.1"):  # noqa: S107
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return "_auth_user_id" in client.session


def refusal_text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.mark.parametrize(("url", "who"), [(MEMBER_LOGIN, "member"), (ADMIN_LOGIN, "staff")])
def test_sixty_wrong_passwords_are_stopped_after_the_limit(client, shared_cache, request, url, who):
    user = request.getfixturevalue(who)
    statuses = [log_in(client, url, user.username).status_code for _ in range(60)]
    assert statuses == [200] * PER_ACCOUNT + [429] * (60 - PER_ACCOUNT)

    refused = log_in(client, url, user.username)
    text = refusal_text(refused)
    assert "Too many failed attempts to log in" in text
    assert re.search(r"paused until \d{1,2}:\d\d [ap]\.m\. \(in \d+ minutes?\)", text), text
    assert 0 < int(refused["Retry-After"]) <= 15 * 60 + 60
    # The page is the login page still, with its form, to use once the wait is over.
    page = BeautifulSoup(refused.content, "html.parser")
    assert page.select_one("form input[name=password]") is not None


@pytest.mark.parametrize("url", [MEMBER_LOGIN, ADMIN_LOGIN])
def test_the_right_password_is_refused_until_the_window_passes(
    client, shared_cache, staff, url, monkeypatch
):
    for _ in range(PER_ACCOUNT):
        log_in(client, url, staff.username)
    refused = log_in(client, url, staff.username, PASSWORD)
    assert refused.status_code == 429
    assert not logged_in(client)

    class AfterTheWindow:
        @staticmethod
        def time():
            return time.time() + 16 * 60

    monkeypatch.setattr(ratelimit_core, "time", AfterTheWindow)
    accepted = log_in(client, url, staff.username, PASSWORD)
    assert accepted.status_code == 302
    assert logged_in(client)


def test_two_workers_see_one_count(shared_cache, member):
    """Two clients stand for two workers: each counts into the shared cache, so together they
    reach the limit; a cache connection made afresh, as another server's, reads the count."""
    first, second = Client(), Client()
    for attempt in range(PER_ACCOUNT):
        log_in(first if attempt % 2 else second, MEMBER_LOGIN, "sam")
    assert log_in(first, MEMBER_LOGIN, "sam", PASSWORD).status_code == 429
    assert log_in(second, MEMBER_LOGIN, "sam", PASSWORD).status_code == 429

    elsewhere = caches.create_connection("ratelimit")
    counts = [
        elsewhere.get(key)
        for key in ratelimit_keys(shared_cache, elsewhere)
        if elsewhere.get(key) is not None
    ]
    assert PER_ACCOUNT in counts


def ratelimit_keys(backend, cache):
    if backend == "database":
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM hub_ratelimit_cache")
            # Stored keys carry the cache's prefix and version: ":1:rl:…".
            return [key.split(":", 2)[2] for (key,) in cursor.fetchall()]
    client = redis.Redis(host="127.0.0.1", port=6379)
    prefix = f"{cache.key_prefix}:1:"
    return [key.decode().removeprefix(prefix) for key in client.keys(f"{prefix}*")]


def test_the_limit_per_address_holds_alone(client, shared_cache, member):
    # A different account each time: only the address's count grows.
    for number in range(PER_ADDRESS):
        assert log_in(client, MEMBER_LOGIN, f"guess{number}").status_code == 200
    assert log_in(client, MEMBER_LOGIN, "sam", PASSWORD).status_code == 429
    assert not logged_in(client)
    # The same account from another address is let in.
    assert log_in(client, MEMBER_LOGIN, "sam", PASSWORD, address="10.9.9.9").status_code == 302


def test_the_limit_per_account_holds_alone(client, shared_cache, member, staff):
    # A different address each time: only the account's count grows, on either login page.
    for number in range(PER_ACCOUNT):
        url = ADMIN_LOGIN if number % 2 else MEMBER_LOGIN
        assert log_in(client, url, "SAM ", address=f"10.2.0.{number}").status_code == 200
    assert log_in(client, MEMBER_LOGIN, "sam", PASSWORD, address="10.3.0.1").status_code == 429
    assert not logged_in(client)
    # Another account from the same fresh address is let in.
    response = log_in(client, ADMIN_LOGIN, "editor", PASSWORD, address="10.3.0.1")
    assert response.status_code == 302


def test_typing_the_email_address_or_the_username_counts_for_one_account(
    client, shared_cache, member
):
    for number in range(PER_ACCOUNT):
        typed = "Sam@Example.org" if number % 2 else "sam"
        assert log_in(client, MEMBER_LOGIN, typed, address=f"10.4.0.{number}").status_code == 200
    assert log_in(client, MEMBER_LOGIN, "sam@example.org", PASSWORD).status_code == 429


def test_successful_logins_are_not_counted(client, shared_cache, member):
    for _ in range(PER_ACCOUNT * 2):
        assert log_in(client, MEMBER_LOGIN, "sam", PASSWORD).status_code == 302
        client.logout()
    assert log_in(client, MEMBER_LOGIN, "sam").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_database_count_loses_nothing_when_workers_count_at_once(settings):
    """Eight workers each counting 10 failures at the same moment make 80, and the count keeps
    its expiry (Django's own DatabaseCache kept 9 of 80 here, and resets the expiry)."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "hub.ratelimit.DatabaseCounterCache",
            "LOCATION": "hub_ratelimit_cache",
        },
    }
    cache = caches.create_connection("ratelimit")
    cache.clear()  # the table is no model's: counts left by other tests outlive their flush
    cache.add("failures", 0, 3600)
    start = threading.Barrier(8)

    def worker():
        own_cache = caches.create_connection("ratelimit")
        start.wait()
        for _ in range(10):
            own_cache.incr("failures")
        connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("failures") == 80
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM hub_ratelimit_cache")
        [(expires,)] = cursor.fetchall()
    cache.clear()  # the table is no model's, so the flush after this test leaves it
    assert expires > datetime.now(UTC) + timedelta(minutes=50)
