"""Real servers for tests: gunicorn and `manage.py` commands with the production settings in
subprocesses, a TCP proxy to PostgreSQL the test can cut, and a small HTTP client that keeps
cookies and passes Django's CSRF checks. Every process started here is killed on the way out,
whatever the test did."""

import contextlib
import html
import http.client
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

from tests.test_security_headers import BOOT_PRODUCTION
from tests.test_setup import production_env

ROOT = Path(__file__).resolve().parent.parent

SERVE = """
import sys
from gunicorn.app.wsgiapp import run
sys.argv = ["gunicorn", "hub.wsgi", "--bind", sys.argv[1], "--workers", sys.argv[2],
            "--no-control-socket", "--timeout", "30"]
run()
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shared_test_database_url(host=None, port=None):
    """The URL of pytest-django's test database, which servers must share with the test."""
    settings = connection.settings_dict
    host = host or settings["HOST"] or "127.0.0.1"
    port = port or settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"


def server_env(database_url, **extra):
    return {
        **production_env(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "locmem",
        **extra,
    }


def fetch(url, data=None, headers=None, timeout=10):
    """(status, headers, body) of a GET, or a POST of `data` (a dict), as if through the
    HTTPS proxy. Connection errors are raised; HTTP errors are answers."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    headers = {"X-Forwarded-Proto": "https", **(headers or {})}
    body = None
    if data is not None:
        body = urllib.parse.urlencode(data, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("POST" if data is not None else "GET", path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        conn.close()


class Browser:
    """Cookies kept by hand (the production cookies are Secure, and the proxy's HTTPS is only a
    header here), and the Origin header Django's CSRF check wants on an HTTPS post."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = {}
        self.csrf_token = None

    def request(self, path, data=None, base_url=None):
        base_url = base_url or self.base_url
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            headers["Origin"] = "https://" + urllib.parse.urlsplit(base_url).netloc
        status, response_headers, body = fetch(base_url + path, data, headers)
        for cookie in response_headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
            if name.strip() == "csrftoken":
                self.csrf_token = None  # a new secret (logging in makes one): a new token
        return status, response_headers, body

    def post_form(self, path, fields, base_url=None):
        """Posts `fields` to `path` with a CSRF token, loading the form first for one when this
        browser has none yet (a token stays good for the CSRF cookie, on every server)."""
        if not self.csrf_token:
            status, _, body = self.request(path, base_url=base_url)
            assert status == 200, f"{path} answered {status}"
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            assert token, f"no CSRF token on {path}"
            self.csrf_token = html.unescape(token[1])
        return self.request(
            path, {"csrfmiddlewaretoken": self.csrf_token, **fields}, base_url=base_url
        )


class Server:
    def __init__(self, url, process, log):
        self.url = url
        self.process = process
        self.log = log

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(int(pid) for pid in children.read_text().split())

    def output(self):
        return output(self.log)


def output(log):
    """What a process started here has written so far."""
    log.seek(0)
    return log.read().decode(errors="replace")


def rss_bytes(pid):
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise ValueError(f"no VmRSS for {pid}")


@contextlib.contextmanager
def running(command, env, log):
    """Runs `command` in a session of its own, and stops the whole session (gunicorn's workers
    too, even if the master is gone) on the way out."""
    process = subprocess.Popen(  # noqa: S603 -- our own code, fixed arguments
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def production_server(env, workers=2, ready_path="/robots.txt"):
    """gunicorn with the production settings on a free port; yields a Server once
    `ready_path` answers. Output goes to a file, not a pipe a busy server could fill."""
    port = free_port()
    command = [sys.executable, "-c", BOOT_PRODUCTION + SERVE, f"127.0.0.1:{port}", str(workers)]
    with tempfile.TemporaryFile() as log, running(command, env, log) as process:
        server = Server(f"http://127.0.0.1:{port}", process, log)
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(server.url + ready_path)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"gunicorn did not start:\n{server.output()}")
                time.sleep(0.3)
        yield server


@contextlib.contextmanager
def manage_command(env, *args):
    """`manage.py <args>` running with the production settings until the block ends."""
    with (
        tempfile.TemporaryFile() as log,
        running([sys.executable, "manage.py", *args], env, log) as process,
    ):
        process.log = log
        yield process


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
