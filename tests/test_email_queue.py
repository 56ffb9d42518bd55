"""The outgoing-mail queue: an email is stored with the change it tells about, sent once the
change is committed, retried when the mail server refuses it, and never sent twice."""

import smtplib
import socket
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hub import generation
from hub.email import RETRY_DELAYS, SENDING_LEASE, queue_templated, send_due, send_queued
from hub.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "email/test/note_subject.txt": "A note for {{ name }}\n from {{ network_name }}\n",
    "email/test/note.txt": "Hello {{ name }}, this is the note.",
    "email/test/note.html": "<p>Hello {{ name }}, this is the note.</p>",
}


@pytest.fixture(autouse=True)
def note_templates(settings):
    """The site's templates, and a note to send."""
    [engine] = settings.TEMPLATES
    settings.TEMPLATES = [
        {
            **{key: value for key, value in engine.items() if key != "APP_DIRS"},
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", TEMPLATES),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server_down(settings):
    """A real SMTP backend pointed at a port on this machine where nothing listens."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2, "use_tls": False},
        }
    }


class RefusingBackend(BaseEmailBackend):
    """A mail server that answers, and refuses the message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(451, b"Try again later")


@pytest.fixture
def mail_server_refuses(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_email_queue.RefusingBackend"}}


def queue_note(key="note-1", to="sam@example.org", name="Sam"):
    return queue_templated(to, "email/test/note", {"name": name}, key=key)


def test_an_email_is_stored_at_once_and_sent_only_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = queue_note()
    assert mail.outbox == []
    stored = OutgoingEmail.objects.get()
    assert (stored.to, stored.subject) == ("sam@example.org", "A note for Sam from Network Hub")
    assert stored.text == "Hello Sam, this is the note."
    assert stored.html == "<p>Hello Sam, this is the note.</p>"
    assert stored.sent_at is None and stored.attempts == 0
    assert stored.status() == "Waiting"

    for callback in callbacks:
        callback()

    [sent] = mail.outbox
    assert sent.to == ["sam@example.org"]
    assert sent.subject == "A note for Sam from Network Hub"
    assert sent.body == "Hello Sam, this is the note."
    assert sent.alternatives[0].content == "<p>Hello Sam, this is the note.</p>"
    message = sent.message()
    assert message["Message-ID"] == email.headers["Message-ID"]
    assert message["Message-ID"].endswith("@example.org>")
    assert message["Auto-Submitted"] == "auto-generated"
    stored.refresh_from_db()
    assert stored.sent_at is not None
    assert (stored.attempts, stored.next_attempt_at, stored.last_error) == (1, None, "")
    assert stored.status() == "Sent"


def test_the_same_key_is_queued_and_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = queue_note(key="welcome-7")
        again = queue_note(key="welcome-7", name="Someone else")
    assert again.pk == first.pk
    # One send for the key (the page cache retires pages when a settings row is first made).
    assert len([c for c in callbacks if c is not generation._bump_generation]) == 1
    assert OutgoingEmail.objects.count() == 1
    assert [m.body for m in mail.outbox] == ["Hello Sam, this is the note."]

    with django_capture_on_commit_callbacks(execute=True):
        queue_note(key="welcome-7")
    assert send_due(timezone.now() + timedelta(days=30)) == (0, 0)
    assert len(mail.outbox) == 1


def test_emails_without_a_key_are_each_their_own(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_templated("a@example.org", "email/test/note", {"name": "A"})
        queue_templated("a@example.org", "email/test/note", {"name": "A"})
    assert OutgoingEmail.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_mail_server_that_is_down_is_recorded_and_retried_later(
    django_capture_on_commit_callbacks, mail_server_down, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_note()
    email.refresh_from_db()
    assert email.sent_at is None
    assert email.attempts == 1
    assert email.last_error.startswith("ConnectionRefusedError")
    waited = email.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < waited <= RETRY_DELAYS[0]
    assert email.status() == "Failed: will retry"

    # Before the wait is over nothing is tried.
    assert send_due() == (0, 0)
    email.refresh_from_db()
    assert email.attempts == 1

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    later = email.next_attempt_at + timedelta(seconds=1)
    assert send_due(later) == (1, 0)
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    email.refresh_from_db()
    assert email.sent_at is not None
    assert (email.attempts, email.next_attempt_at) == (2, None)


def test_each_refusal_waits_longer_until_the_retries_run_out(
    django_capture_on_commit_callbacks, mail_server_refuses
):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_note()
    now = timezone.now()
    for attempt, delay in enumerate(RETRY_DELAYS, start=1):
        assert send_queued(email.pk, now) is False
        email.refresh_from_db()
        assert email.attempts == attempt
        assert email.next_attempt_at == now + delay
        assert email.last_error == "SMTPDataError: (451, b'Try again later')"
        now = email.next_attempt_at

    assert send_queued(email.pk, now) is False
    email.refresh_from_db()
    assert email.attempts == len(RETRY_DELAYS) + 1
    assert email.next_attempt_at is None
    assert email.status() == "Failed: no more retries"
    assert send_due(now + timedelta(days=365)) == (0, 0)
    assert mail.outbox == []


def test_a_sent_email_is_never_sent_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_note()
    assert len(mail.outbox) == 1
    # Even a due time set by mistake does not send it again.
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert send_queued(email.pk) is None
    assert send_due(timezone.now() + timedelta(days=1)) == (0, 0)
    call_command("send_queued_email", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_a_sender_that_died_holds_the_email_only_until_its_lease_ends(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_note()
    now = timezone.now()
    # What a sender leaves behind when it is killed between claiming and sending.
    OutgoingEmail.objects.filter(pk=email.pk).update(
        attempts=1, next_attempt_at=now + SENDING_LEASE
    )
    assert send_due(now + SENDING_LEASE - timedelta(seconds=1)) == (0, 0)
    assert send_due(now + SENDING_LEASE) == (1, 0)
    assert len(mail.outbox) == 1


def test_the_command_sends_what_the_worker_never_did(django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=False):  # the task was never run
        queue_note(key="a", to="a@example.org")
        queue_note(key="b", to="b@example.org")
    call_command("send_queued_email")
    assert capsys.readouterr().out.strip() == (
        "Sent 2 queued email(s); 0 failed and wait to be retried."
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]


def test_the_command_reports_failures(
    django_capture_on_commit_callbacks, mail_server_refuses, capsys
):
    with django_capture_on_commit_callbacks(execute=False):
        queue_note()
    call_command("send_queued_email")
    assert capsys.readouterr().out.strip() == (
        "Sent 0 queued email(s); 1 failed and wait to be retried."
    )
    assert OutgoingEmail.objects.get().attempts == 1


def test_staff_see_the_queue_and_its_errors_but_cannot_change_it(client, mail_server_refuses):
    email = queue_note()
    send_queued(email.pk)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get(reverse("outgoing_email:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "A note for Sam from Network Hub" in html
    assert "Failed: will retry" in html
    assert "SMTPDataError" in html
    assert client.get(reverse("outgoing_email:inspect", args=[email.pk])).status_code == 200

    for name in ("edit", "delete"):
        url = reverse(f"outgoing_email:{name}", args=[email.pk])
        assert client.get(url).status_code != 200
        client.post(url, {"to": "someone@example.org", "subject": "Changed"})
    assert client.get(reverse("outgoing_email:add")).status_code != 200
    email.refresh_from_db()
    assert (email.to, email.subject) == ("sam@example.org", "A note for Sam from Network Hub")


class SlowBackend(BaseEmailBackend):
    """Takes a moment over each message, so two senders overlap; records every delivery."""

    delivered = []
    lock = threading.Lock()

    def send_messages(self, email_messages):
        for message in email_messages:
            time.sleep(0.01)
            with self.lock:
                SlowBackend.delivered.append(message.to[0])
        return len(email_messages)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_email_once(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_email_queue.SlowBackend"}}
    SlowBackend.delivered = []
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            key=f"note-{n}",
            to=f"person{n}@example.org",
            subject="A note",
            text="Hello.",
            next_attempt_at=timezone.now(),
        )
        for n in range(40)
    )

    start = threading.Barrier(3)
    errors = []

    def run():
        try:
            start.wait()
            call_command("send_queued_email", stdout=StringIO())
        except Exception as error:  # noqa: BLE001 -- reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    runs = [threading.Thread(target=run) for _ in range(3)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()

    assert errors == []
    assert sorted(SlowBackend.delivered) == sorted(f"person{n}@example.org" for n in range(40))
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 0
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {1}
