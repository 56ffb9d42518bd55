"""The database out of reach: a 503 with Retry-After and the friendly page, never a 500, and the
site back by itself once the database answers. PostgreSQL itself is never stopped (others use
it): the site's connection is pointed at a closed port, or goes through a proxy the test cuts."""

import contextlib
import os
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import make_site
from tests.test_health import database_unreachable
from tests.test_security_headers import BOOT_PRODUCTION
from tests.test_setup import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parent.parent

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


class SwitchableProxy:
    """A TCP proxy to PostgreSQL that the test can cut (connections refused, open ones
    dropped) and restore on the same port."""

    def __init__(self, target):
        self.target = target
        self.connections = []
        self.listener = None
        self.port = None
        self.restore()

    def restore(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port or 0))
        self.port = self.listener.getsockname()[1]
        self.listener.listen(64)
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            server = socket.create_connection(self.target)
            self.connections += [client, server]
            threading.Thread(target=self.pump, args=(client, server), daemon=True).start()

    def pump(self, client, server):
        sockets = [client, server]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 1)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (server if sock is client else client).sendall(data)
        except OSError:
            return
        finally:
            client.close()
            server.close()

    def cut(self):
        # shutdown() wakes the thread waiting in accept(); close() alone would not, on Linux.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for sock in self.connections:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.connections = []


SERVE = """
from gunicorn.app.wsgiapp import run
sys.argv = ["gunicorn", "hub.wsgi", "--bind", sys.argv[1], "--workers", "2",
            "--no-control-socket", "--timeout", "30"]
run()
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 -- local
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def production_server():
    settings = connection.settings_dict
    proxy = SwitchableProxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    port = free_port()
    user = settings["USER"]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{user}@127.0.0.1:{proxy.port}/{settings['NAME']}",
        "EMAIL_BACKEND": "locmem",
    }
    server = subprocess.Popen(  # noqa: S603 -- our own server, fixed arguments
        [sys.executable, "-c", BOOT_PRODUCTION + "import sys" + SERVE, f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            fetch(url + "/robots.txt")
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"gunicorn did not start:\n{server.communicate()[0]}")
            time.sleep(0.5)
    yield url, proxy
    server.terminate()
    server.communicate(timeout=30)
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
