"""Error emails to ADMINS go through the email queue: with a mail server that accepts and never
answers, a failing page still answers its 500 at once, a storm of the same error is one email
per admin, and the emails go out once the server answers."""

import statistics
import time
from datetime import UTC, datetime, timedelta
from logging import makeLogRecord

import pytest
from django.test import Client

from hub.email import send_due
from hub.error_mail import error_key
from hub.models import OutgoingEmail
from tests.test_mail_server_hung import mail_server, point_mail_at  # noqa: F401 -- fixture

pytestmark = pytest.mark.django_db

ADMINS = ["Ops Team <ops@example.org>", "ana@example.org"]
SUBJECT = "[Django] ERROR (EXTERNAL IP): Internal Server Error: /broken/"


def test_a_failing_page_answers_at_once_while_the_mail_server_hangs(
    settings,
    mail_server,  # noqa: F811 -- the fixture
    django_capture_on_commit_callbacks,
):
    settings.ADMINS = ADMINS
    settings.SERVER_EMAIL = "errors@network.example"
    settings.ROOT_URLCONF = "tests.error_urls"
    # As in production: the request stores the email and a task for the worker (kept here, not
    # run: the test plays the worker with send_due).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    # Sent inside the request, each email would wait this long for the hung server.
    point_mail_at(settings, mail_server, timeout=10)
    visitor = Client(raise_request_exception=False)

    # Not timed: the first error loads Django's error reporter and templates.
    visitor.get("/broken/", {"warm-up": 1})
    OutgoingEmail.objects.all().delete()

    seconds = []
    for _ in range(20):
        started = time.perf_counter()
        with django_capture_on_commit_callbacks(execute=True):
            response = visitor.get("/broken/")
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 500
        assert "Sorry, something went wrong" in response.content.decode()
    median = statistics.median(seconds)
    print(  # noqa: T201 -- the figures for the report
        f"\n20 failing requests, mail server hung: median {median * 1000:.0f} ms, "
        f"slowest {max(seconds) * 1000:.0f} ms"
    )
    # Mailed inside the request, each would take the 10 s timeout. The slack over a second
    # is for a shared 2-CPU machine, where one request in twenty can stall.
    assert median < 0.2
    assert max(seconds) < 2

    # The storm is one email per admin.
    queued = OutgoingEmail.objects.order_by("to")
    assert [(email.to, email.subject) for email in queued] == [
        ("Ops Team <ops@example.org>", SUBJECT),
        ("ana@example.org", SUBJECT),
    ]
    assert mail_server.received == []

    # The server answers; the queue's sender (the worker's task, or cron) sends each once.
    mail_server.hung.clear()
    assert send_due() == (2, 0)
    delivered = sorted(address for recipients, _ in mail_server.received for address in recipients)
    assert delivered == ["ana@example.org", "ops@example.org"]
    _, message = mail_server.received[0]
    assert message["Subject"] == SUBJECT
    assert message["From"] == "errors@network.example"
    body = message.get_payload(decode=True).decode()
    assert "RuntimeError" in body
    assert "A deliberate failure for the 500 page test" in body
    assert send_due() == (0, 0)

    # The same error again within the hour, whatever the query string: still sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert visitor.get("/broken/?page=2").status_code == 500
    assert OutgoingEmail.objects.count() == 2


def failure(message):
    try:
        raise RuntimeError(message)
    except RuntimeError as error:
        return makeLogRecord({"exc_info": (RuntimeError, error, error.__traceback__)})


def test_the_same_error_is_one_email_an_hour():
    ten_past = datetime(2026, 11, 24, 15, 10, tzinfo=UTC)
    key = error_key(failure("one"), SUBJECT, now=ten_past)
    # The same raising line: the same error, whatever its message or subject says (a subject
    # naming each failed email's id must not queue an email about each for ever).
    assert error_key(failure("two"), SUBJECT, now=ten_past + timedelta(minutes=45)) == key
    assert error_key(failure("one"), SUBJECT + " (email 8)", now=ten_past) == key
    assert error_key(failure("one"), SUBJECT, now=ten_past + timedelta(hours=1)) != key
    # Without an exception, the subject names it.
    assert error_key(makeLogRecord({}), SUBJECT, now=ten_past) != error_key(
        makeLogRecord({}), SUBJECT + "x", now=ten_past
    )
    try:
        raise ValueError("elsewhere")
    except ValueError as error:
        elsewhere = makeLogRecord({"exc_info": (ValueError, error, error.__traceback__)})
    assert error_key(elsewhere, SUBJECT, now=ten_past) != key
