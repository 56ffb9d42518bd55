"""A mail server that accepts connections and never answers, during 50 joins: every visitor is
answered within a second, every join is stored once (a visitor's retry included), and every
email is sent, once, when the server is back and the queue's sender runs.

The server is real SMTP on a local port. Tasks are only recorded, as the database queue records
them in production for the worker, so nothing but the queue's sender ever talks to it."""

import contextlib
import email
import socketserver
import statistics
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hub.email import RETRY_DELAYS, send_due
from hub.models import NetworkSettings, OutgoingEmail
from members.models import MembershipApplication
from tests.members.factories import BoroughFactory

pytestmark = pytest.mark.django_db

JOINS = 50
STAFF_ADDRESS = "team@network.example"


class SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self):
        server = self.server
        if server.hung.is_set():
            # Take the connection and say nothing, until the client gives up.
            self.request.settimeout(30)
            with contextlib.suppress(OSError):
                self.request.recv(1)
            return
        self.reply("220 localhost ESMTP")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.upper()
            if verb.startswith(("EHLO", "HELO")):
                self.reply("250 localhost")
            elif verb.startswith("MAIL FROM"):
                recipients = []
                self.reply("250 OK")
            elif verb.startswith("RCPT TO"):
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data)
                with server.lock:
                    server.received.append((recipients, email.message_from_bytes(b"".join(lines))))
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")

    def reply(self, text):
        self.wfile.write(f"{text}\r\n".encode())


@pytest.fixture
def mail_server():
    """A real SMTP server on a free local port, hung until `hung.clear()`."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.daemon_threads = True
    server.hung = threading.Event()
    server.hung.set()
    server.received = []
    server.lock = threading.Lock()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def point_mail_at(settings, server, timeout):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": server.server_address[1],
                "timeout": timeout,
                "use_tls": False,
            },
        }
    }


def join_data(number, borough):
    return {
        "name": f"Community group {number}",
        "short_description": "What we do.",
        "boroughs": [borough.pk],
        "contact_name": "A Person",
        "contact_email": f"contact{number}@example.org",
        "agrees_to_values": "on",
        "agrees_to_privacy": "on",
    }


def test_joins_while_the_mail_server_hangs(
    client, home, settings, mail_server, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    point_mail_at(settings, mail_server, timeout=0.05)
    network = NetworkSettings.for_site(home.get_site())
    network.contact_email = STAFF_ADDRESS
    network.save()
    borough = BoroughFactory(name="Hackney", slug="hackney")

    def join(number):
        started = time.perf_counter()
        # What runs after the request's transaction commits (enqueueing the emails' tasks)
        # runs here too, inside the timing.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("members:join"), join_data(number, borough))
        assert response.status_code == 302
        return time.perf_counter() - started

    seconds = [join(number) for number in range(JOINS)]
    # Ten visitors, told nothing quickly enough, send the form again.
    seconds += [join(number) for number in range(10)]
    print(  # noqa: T201 -- the figures for the closing note
        f"\n{len(seconds)} joins with the mail server hung: median "
        f"{statistics.median(seconds) * 1000:.0f} ms, slowest {max(seconds) * 1000:.0f} ms"
    )
    assert max(seconds) < 1
    assert MembershipApplication.objects.count() == JOINS
    assert OutgoingEmail.objects.count() == 2 * JOINS

    # The sender (cron's command) meets the hung server: each attempt gives up and waits.
    output = StringIO()
    call_command("send_queued_email", stdout=output)
    assert f"Sent 0 queued email(s); {2 * JOINS} failed" in output.getvalue()
    assert mail_server.received == []
    assert not OutgoingEmail.objects.filter(last_error="").exists()

    # The server answers again; once the first wait is over, the sender sends everything.
    mail_server.hung.clear()
    point_mail_at(settings, mail_server, timeout=10)
    assert send_due(timezone.now() + RETRY_DELAYS[0]) == (2 * JOINS, 0)
    delivered = sorted(address for recipients, _ in mail_server.received for address in recipients)
    expected = sorted([STAFF_ADDRESS] * JOINS + [f"contact{n}@example.org" for n in range(JOINS)])
    assert delivered == expected
    assert len({message["Message-ID"] for _, message in mail_server.received}) == 2 * JOINS
    # Never twice.
    assert send_due(timezone.now() + timedelta(days=2)) == (0, 0)
