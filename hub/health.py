"""`/health/` for load balancers and monitoring: can this app server reach the database and
every cache, and is the task worker keeping up?

- 200 `ok`: all well.
- 200 `degraded`: this server can serve pages, but a background task has waited longer than
  TASKS_STALE_AFTER (the worker is down or behind) or a cache cannot be reached (pages are built
  without it): alert someone, keep the server in service.
- 503 `unavailable`: the database cannot be reached: take the server out.

Failures are named by their exception class only, never their message, which can hold host
names or credentials. The answer is never cached and sets no cookie.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult, get_date_max

TASKS_STALE_AFTER = timedelta(minutes=10)
DATABASE_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 -- whatever fails, the database is unusable
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def check_caches():
    """Each cache alias keeps a value and gives it back."""
    failing = {}
    for alias in settings.CACHES:
        key = f"health-check-{secrets.token_hex(8)}"
        try:
            cache = caches[alias]
            cache.set(key, "ok", 10)
            kept = cache.get(key) == "ok"
            cache.delete(key)
        except Exception as error:  # noqa: BLE001 -- whatever fails, the cache is unusable
            failing[alias] = type(error).__name__
        else:
            if not kept:
                failing[alias] = "did not keep a value"
    return {"ok": not failing, **({"failing": failing} if failing else {})}


def check_tasks(now=None):
    """Tasks ready to run and how long the oldest has waited: since it was queued, or since
    its run_after time for a task queued to run later."""
    backends = {config["BACKEND"] for config in settings.TASKS.values()}
    if DATABASE_TASKS_BACKEND not in backends:
        return {"ok": True, "queue": "none: tasks run inside requests"}
    now = now or timezone.now()
    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    try:
        queue = DBTaskResult.objects.ready().aggregate(
            pending=Count("id"), oldest=Min(waiting_since)
        )
    except Exception as error:  # noqa: BLE001 -- reported, never raised to a load balancer
        return {"ok": False, "error": type(error).__name__}
    oldest_seconds = max(0, int((now - queue["oldest"]).total_seconds())) if queue["oldest"] else 0
    return {
        "ok": oldest_seconds <= TASKS_STALE_AFTER.total_seconds(),
        "pending": queue["pending"],
        "oldest_pending_seconds": oldest_seconds,
    }


@never_cache
@require_GET
def health(request):
    database = check_database()
    cache = check_caches()
    tasks = check_tasks() if database["ok"] else {"ok": False, "error": "no database"}
    # A cache outage is every server's at once (they share Redis), and pages are then built
    # without it: taking servers out would only turn a slower site into no site.
    if not database["ok"]:
        status = "unavailable"
    elif not (cache["ok"] and tasks["ok"]):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database, "cache": cache, "tasks": tasks},
        status=503 if status == "unavailable" else 200,
    )
