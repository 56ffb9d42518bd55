"""`/health/` for load balancers: each state, what it shows and what it never shows."""

import json
import socket
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from hub.health import check_tasks

LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def closed_port():
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def working_caches(settings):
    settings.CACHES = {"default": LOCAL_CACHE, "ratelimit": {**LOCAL_CACHE, "LOCATION": "rl"}}


def get_health(client):
    response = client.get("/health/")
    return response, json.loads(response.content)


@pytest.mark.django_db
def test_all_well_is_200_ok_uncached_and_without_cookies(client, working_caches, settings):
    settings.TASKS = DATABASE_TASKS
    response, body = get_health(client)
    assert response.status_code == 200
    assert body == {
        "status": "ok",
        "database": {"ok": True},
        "cache": {"ok": True},
        "tasks": {"ok": True, "pending": 0, "oldest_pending_seconds": 0},
    }
    assert "no-store" in response["Cache-Control"]
    assert response.cookies == {}
    assert response["Content-Type"] == "application/json"


def queue_task(enqueued_at, run_after):
    """A task ready to run, queued at `enqueued_at` (get_date_max() as run_after: at once)."""
    task = DBTaskResult.objects.create(
        task_path="hub.tasks.example",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=run_after,
    )
    # enqueued_at is set on creation; move it back in time.
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=enqueued_at)
    return task


@pytest.mark.django_db
def test_the_task_queue_reports_its_oldest_waiting_task(settings):
    settings.TASKS = DATABASE_TASKS
    now = timezone.now()
    queue_task(now - timedelta(minutes=3), run_after=get_date_max())
    # Queued an hour ago to run a minute ago: it has waited one minute, not sixty.
    queue_task(now - timedelta(hours=1), run_after=now - timedelta(minutes=1))
    # Not due yet: not pending.
    queue_task(now - timedelta(hours=2), run_after=now + timedelta(hours=1))
    assert check_tasks(now=now) == {"ok": True, "pending": 2, "oldest_pending_seconds": 180}

    queue_task(now - timedelta(minutes=11), run_after=get_date_max())
    assert check_tasks(now=now) == {"ok": False, "pending": 3, "oldest_pending_seconds": 660}


@pytest.mark.django_db
def test_a_stale_task_queue_is_degraded_but_stays_in_service(client, working_caches, settings):
    settings.TASKS = DATABASE_TASKS
    queue_task(timezone.now() - timedelta(hours=1), run_after=get_date_max())
    response, body = get_health(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["tasks"]["ok"] is False
    assert body["tasks"]["pending"] == 1
    assert body["tasks"]["oldest_pending_seconds"] >= 3600


@pytest.mark.django_db
def test_without_a_task_queue_there_is_nothing_to_wait_for(client, working_caches):
    response, body = get_health(client)  # test settings run tasks inside the request
    assert body["tasks"] == {"ok": True, "queue": "none: tasks run inside requests"}
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_a_cache_that_cannot_be_reached_is_degraded_named_without_its_address(client, settings):
    port = closed_port()
    settings.CACHES = {
        "default": LOCAL_CACHE,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://:secret-password@127.0.0.1:{port}/0",
        },
    }
    response, body = get_health(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["cache"] == {"ok": False, "failing": {"ratelimit": "ConnectionError"}}
    assert str(port) not in response.content.decode()
    assert "secret-password" not in response.content.decode()


@contextmanager
def database_unreachable():
    """The default connection pointed at a closed port until the block ends."""
    saved = dict(connection.settings_dict)
    connection.close()
    unreachable = {"HOST": "127.0.0.1", "PORT": str(closed_port()), "PASSWORD": "pw-123"}
    connection.settings_dict.update(unreachable)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="points PostgreSQL's connection at a closed port (SQLite's test database is in "
    "memory and would be lost)",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_database_that_cannot_be_reached_is_503_and_recovers(client, working_caches):
    with database_unreachable():
        response, body = get_health(client)
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["database"] == {"ok": False, "error": "OperationalError"}
    assert body["tasks"] == {"ok": False, "error": "no database"}
    assert "pw-123" not in response.content.decode()

    response, body = get_health(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
