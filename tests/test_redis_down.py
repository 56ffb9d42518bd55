"""Redis (CACHE_URL) out of reach, hung (accepts, never answers) or gone (refuses): pages are
built without the cache and answer 200 within about a second; forms whose posts are rate
limited answer the friendly 503, since their counts cannot be kept; /health/ says which cache
is failing; the cache is used again by itself once Redis answers."""

import socket
import time

import pytest
import redis
from django.test import Client

from hub import cache as forgiving_cache
from hub.settings.base import caches_from_env
from tests.factories import make_site
from tests.servers import SwitchableProxy
from tests.test_database_down import assert_friendly_503
from tests.test_health import closed_port

pytestmark = pytest.mark.django_db

REDIS_DB = 6  # this test file's own database on the shared Redis
MENU_KEYS = ":1:hub:main-menu:*"  # hub.navigation caches each site's menu


@pytest.fixture
def hung_redis():
    """A port that accepts connections (the kernel's backlog does) and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield listener.getsockname()[1]
    listener.close()


def timed(call):
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


@pytest.mark.parametrize("kind", ["hung", "refusing"])
def test_pages_answer_within_a_second_or_two_while_redis_is_out_of_reach(
    kind, hung_redis, settings
):
    port = hung_redis if kind == "hung" else closed_port()
    settings.CACHES = caches_from_env(f"redis://127.0.0.1:{port}/{REDIS_DB}")
    make_site()
    visitor = Client(raise_request_exception=False)

    # The first cache call waits for the socket timeout (a second) when Redis hangs...
    response, first = timed(lambda: visitor.get("/"))
    assert response.status_code == 200
    assert "<h1" in response.content.decode()
    # ...and then this process stops asking for a while.
    response, second = timed(lambda: visitor.get("/search/?q=meeting"))
    assert response.status_code == 200
    print(f"\nRedis {kind}: first page {first:.2f} s, next {second:.2f} s")  # noqa: T201
    assert first < 2
    # Without the pause, each of the page's cache calls would wait a second for a hung Redis.
    assert second < 1

    # A rate-limited form cannot count its posts: the friendly 503, not a 500, and fast.
    response, seconds = timed(lambda: visitor.post("/contact/", {"email": "a@example.org"}))
    assert_friendly_503(response.status_code, response.headers, response.content.decode())
    assert seconds < 2

    # Degraded, not 503: every server shares the outage, and pages still answer.
    response, seconds = timed(lambda: visitor.get("/health/"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == {
        "ok": False,
        "failing": {
            "default": "did not keep a value",
            "ratelimit": "TimeoutError" if kind == "hung" else "ConnectionError",
        },
    }
    assert seconds < 3


def test_the_cache_is_used_again_once_redis_answers(settings, monkeypatch):
    monkeypatch.setattr(forgiving_cache, "RETRY_SECONDS", 1)
    proxy = SwitchableProxy(("127.0.0.1", 6379))
    try:
        url = f"redis://127.0.0.1:{proxy.port}/{REDIS_DB}"
        settings.CACHES = caches_from_env(url)
        direct = redis.Redis(port=6379, db=REDIS_DB)
        direct.flushdb()
        make_site()
        visitor = Client(raise_request_exception=False)

        proxy.cut()
        assert visitor.get("/").status_code == 200
        assert direct.keys(MENU_KEYS) == []

        proxy.restore()
        time.sleep(1.1)
        assert visitor.get("/").status_code == 200
        assert direct.keys(MENU_KEYS)
        assert visitor.get("/health/").json()["cache"] == {"ok": True}
    finally:
        proxy.cut()
        redis.Redis(port=6379, db=REDIS_DB).flushdb()
