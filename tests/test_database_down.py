"""The database out of reach: a 503 with Retry-After and the friendly page, never a 500, and the
site back by itself once the database answers. PostgreSQL itself is never stopped (others use
it): the site's connection is pointed at a closed port, or goes through a proxy the test cuts."""

import time

import pytest
from django.db import connection

from tests import servers
from tests.factories import make_site
from tests.servers import SwitchableProxy, fetch
from tests.test_health import database_unreachable

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="cuts the connection to PostgreSQL (SQLite's test database is in memory)",
)
pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


def assert_friendly_503(status, headers, body):
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "no-store" in headers["Cache-Control"]
    assert "Sorry, the site is unavailable for a moment" in body
    assert "Traceback" not in body


def test_a_page_answers_503_while_the_database_is_unreachable_then_recovers(
    client, settings, mailoutbox, caplog
):
    settings.ADMINS = ["ops@example.org"]
    make_site()
    with database_unreachable():
        response = client.get("/")
    assert_friendly_503(response.status_code, response.headers, response.content.decode())
    # Logged, but not mailed: an outage would otherwise send a mail per request.
    assert "Database unavailable for /" in caplog.text
    assert mailoutbox == []
    assert client.get("/").status_code == 200


@pytest.fixture
def production_server():
    settings = connection.settings_dict
    proxy = SwitchableProxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    try:
        # Without the page cache, which could answer "/" from a worker's memory: these pages
        # must reach the database (tests/faults/test_database_restart.py has the cache on).
        env = servers.server_env(
            servers.shared_test_database_url("127.0.0.1", proxy.port), PAGE_CACHE_SECONDS="0"
        )
        with servers.production_server(env) as server:
            yield server.url, proxy
    finally:
        proxy.cut()


def test_the_production_server_answers_503_while_the_database_is_away_and_recovers_alone(
    production_server,
):
    url, proxy = production_server
    make_site()
    assert fetch(url + "/")[0] == 200

    proxy.cut()
    for path in ["/", "/search/?q=meeting", "/join/"]:
        assert_friendly_503(*fetch(url + path))

    proxy.restore()
    restored = time.monotonic()
    while (status := fetch(url + "/")[0]) != 200 and time.monotonic() - restored < 10:
        time.sleep(0.2)
    assert status == 200, "the site did not recover within 10 seconds"
