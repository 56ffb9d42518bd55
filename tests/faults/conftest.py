"""Fault and scale-out tests on real servers: gunicorn with the production settings, the test
run's PostgreSQL database and Redis. Short in CI; `--long-faults` runs the full-length versions."""

import os

import pytest
import redis
from django.db import connection

from tests.test_setup import redis_is_running

# Redis database 3 is these tests' own; each test starts from an empty one.
CACHE_URL = "redis://127.0.0.1:6379/3"


def pytest_collection_modifyitems(items):
    missing = None
    if connection.vendor != "postgresql":
        missing = "the servers share the test database, which needs PostgreSQL"
    elif not redis_is_running() and not os.environ.get("CI"):  # CI has Redis: fail there
        missing = "needs Redis at 127.0.0.1:6379"
    if missing:
        for item in items:
            if item.path.parent.name == "faults":
                item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture
def cache_url():
    redis.Redis.from_url(CACHE_URL).flushdb()
    yield CACHE_URL
    redis.Redis.from_url(CACHE_URL).flushdb()


FIGURES = []


def report(line):
    """Keeps a measured figure for the end of the run (what the closing note quotes)."""
    FIGURES.append(line)


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.write_sep("-", "fault test figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
