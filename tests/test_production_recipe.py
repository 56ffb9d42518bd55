"""The README's production recipe, run word for word: its setup block, its two long-running
processes and its cron lines, in a copy of the repository on a fresh PostgreSQL database with
Redis, filling in only the placeholders the README tells the reader to fill."""

import base64
import contextlib
import email
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import socketserver
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
import redis
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
REDIS_DB = 4
HOST = "hub.example.org"

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the production recipe runs on PostgreSQL"
)


def readme_block(name):
    """The fenced block that follows `<!-- recipe: name -->` in the README."""
    found = re.search(rf"<!-- recipe: {name} -->\n```[a-z]*\n(.*?)\n```", README.read_text(), re.S)
    assert found, f"The README has no block marked <!-- recipe: {name} -->"
    return found.group(1)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_url(database):
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    user = urllib.parse.quote(settings["USER"], safe="")
    if settings["PASSWORD"]:
        user += ":" + urllib.parse.quote(settings["PASSWORD"], safe="")
    return f"postgres://{user}@{host}:{port}/{database}"


@contextlib.contextmanager
def fresh_database(prefix):
    """A new, empty database on the test run's PostgreSQL server, dropped on the way out."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_checkout(target):
    """The repository's files (tracked, and new ones not ignored) copied to `target`, with the
    test run's .venv linked in, so that scripts/bootstrap finds it installed."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # files deleted in the working tree are still listed
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    return target


def bare_env(home):
    """What a fresh login shell (or cron) has: no DJANGO_* or test run variables."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}


class SmtpSink(socketserver.ThreadingTCPServer):
    """A local mail server as the README's settings expect one: STARTTLS (with a certificate
    made for the test, which `cert_file` holds for SSL_CERT_FILE) and a log-in. It keeps every
    message, and the credentials each was sent with."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, folder):
        self.messages = []
        self.logins = []
        self.cert_file, key_file = folder / "smtp-cert.pem", folder / "smtp-key.pem"
        subprocess.run(  # noqa: S603 -- openssl, fixed arguments
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",  # noqa: S607
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(key_file), "-out", str(self.cert_file)],
            check=True,
            capture_output=True,
        )  # fmt: skip
        self.tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.tls.load_cert_chain(self.cert_file, key_file)
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def __exit__(self, *exc):
        self.shutdown()
        super().__exit__(*exc)


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, *lines):
        *first, last = lines
        self.wfile.write(b"".join(f"250-{line}\r\n".encode() for line in first))
        self.wfile.write(f"{last}\r\n".encode())

    def handle(self):
        self.reply("220 sink ESMTP")
        encrypted = False
        while line := self.rfile.readline():
            verb = line[:4].decode().upper()
            if verb == "EHLO":
                self.reply("sink", "250 AUTH PLAIN" if encrypted else "250 STARTTLS")
            elif verb == "STAR":
                self.reply("220 Ready to start TLS")
                self.connection = self.server.tls.wrap_socket(self.connection, server_side=True)
                self.rfile = self.connection.makefile("rb")
                self.wfile = self.connection.makefile("wb", buffering=0)
                encrypted = True
            elif verb == "AUTH":
                plain = base64.b64decode(line.split()[2]).split(b"\0")
                self.server.logins.append((plain[1].decode(), plain[2].decode(), encrypted))
                self.reply("235 Authentication successful")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data)
                self.server.messages.append(email.message_from_bytes(b"".join(lines)))
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 OK")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Django's answer, a redirect included, is what the test looks at."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Asks the site for pages as a visitor behind the TLS proxy would. It keeps cookies by
    hand: the site's are Secure, which a cookie jar would not send over the plain HTTP
    between the proxy and gunicorn."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Referer": f"https://{HOST}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            response = self.opener.open(request, timeout=20)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, value = cookie.split(";", 1)[0].split("=", 1)
                self.cookies[name] = value
            return response.status, response.read().decode()


def run(args, env, timeout, cwd=None):
    """Runs a command in a process group of its own and, if it outlives `timeout`, kills the
    whole group (a shell's children too), so nothing it started is left running."""
    process = subprocess.Popen(  # noqa: S603 -- the README's own commands
        args,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


def wait_for(check, timeout, what, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.3)
    pytest.fail(f"Timed out after {timeout}s waiting for {what}. " + tail(log))


def tail(log):
    return log.read_text()[-3000:] if log and log.exists() else ""


def serving(browser):
    try:
        return browser.request("/health/")[0] in (200, 503)
    except OSError:
        return False


@contextlib.contextmanager
def long_running(commands, cwd, env, logs):
    """Starts each command as its process manager would (no shell), each in its own process
    group, and kills every group on the way out, whatever happened."""
    processes = []
    try:
        for number, command in enumerate(commands):
            log = open(logs / f"process-{number}.log", "w")  # noqa: SIM115 -- closed below
            processes.append(
                (
                    subprocess.Popen(  # noqa: S603 -- the README's own commands
                        shlex.split(command, comments=True),
                        cwd=cwd,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    ),
                    log,
                )
            )
        yield [process for process, _ in processes]
    finally:
        for process, _ in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process, log in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log.close()


def read_env_file(path):
    """The environment file as systemd's EnvironmentFile= reads it: KEY=value lines."""
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


@pytest.fixture
def empty_redis_db():
    """This test's own Redis database, emptied before and after: Wagtail caches site root
    paths there, which must not outlive the database they came from."""
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    client.flushdb()
    yield
    client.flushdb()


def redis_keys():
    return redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).keys("*")


def redis_is_running():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@needs_postgresql
@pytest.mark.skipif(not redis_is_running(), reason="needs Redis at 127.0.0.1:6379")
def test_the_readme_recipe_serves_the_site_with_redis_the_worker_and_the_cron_jobs(
    tmp_path, empty_redis_db
):
    srv = tmp_path / "srv"
    checkout = copy_checkout(srv / "hub")
    port = free_port()
    with fresh_database("hub_recipe") as database, SmtpSink(tmp_path) as sink:
        # The placeholders the README asks the reader to fill, and nothing else: a real
        # database and Redis, a key, the local mail server and its port.
        mail_password = secrets.token_urlsafe(16)
        filled = {
            "/srv/hub": str(checkout),
            "SECRET_KEY=...": f"SECRET_KEY={secrets.token_urlsafe(50)}",
            "DATABASE_URL=postgres://...": f"DATABASE_URL={server_url(database)}",
            "redis://127.0.0.1:6379/0": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "EMAIL_HOST=smtp.example.org": f"EMAIL_HOST=127.0.0.1\nEMAIL_PORT={sink.port}",
            "EMAIL_HOST_USER=...": "EMAIL_HOST_USER=hub-mailer",
            "EMAIL_HOST_PASSWORD=...": f"EMAIL_HOST_PASSWORD={mail_password}",
            "127.0.0.1:8000": f"127.0.0.1:{port}",
        }

        def fill(text):
            for placeholder, value in filled.items():
                text = text.replace(placeholder, value)
            return text

        setup = fill(readme_block("setup"))
        assert "..." not in setup
        result = run(["/bin/bash", "-euo", "pipefail", "-c", setup], bare_env(tmp_path), 600)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        env_file = srv / "hub.env"
        assert oct(env_file.stat().st_mode & 0o777) == "0o600"
        assert (checkout / "var" / "static" / "staticfiles.json").exists()

        serve = [line for line in fill(readme_block("serve")).splitlines() if line.strip()]
        assert [shlex.split(line)[0] for line in serve] == [
            ".venv/bin/gunicorn",
            ".venv/bin/python",
        ]
        # The machine trusts the mail server's certificate, as it would a real one's.
        trust = {"SSL_CERT_FILE": str(sink.cert_file)}
        env = {**bare_env(tmp_path), **read_env_file(env_file), **trust}
        with long_running(serve, checkout, env, tmp_path) as (gunicorn, worker):
            browser = Browser(port)
            wait_for(lambda: serving(browser) or gunicorn.poll() is not None, 60, "gunicorn")
            assert gunicorn.poll() is None, tail(tmp_path / "process-0.log")

            status, body = browser.request("/health/")
            health = json.loads(body)
            assert (status, health["status"]) == (200, "ok"), body
            assert health["database"] == {"ok": True}
            assert health["cache"] == {"ok": True}
            assert health["tasks"] == {"ok": True, "pending": 0, "oldest_pending_seconds": 0}
            assert database not in body and "redis" not in body

            # What a fresh site shows, as the README says: Wagtail's placeholder page.
            status, body = browser.request("/")
            assert status == 200
            assert "Welcome to your new Wagtail site!" in body
            status, body = browser.request("/robots.txt")
            assert (status, body.splitlines()[0]) == (200, "User-agent: *")
            status, body = browser.request("/search/?q=welcome")
            assert status == 200, body[-2000:]

            # A newsletter sign-up queues its confirmation email; the worker sends it.
            status, body = browser.request("/newsletter/")
            assert status == 200, body[-2000:]
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
            status, body = browser.request(
                "/newsletter/",
                {
                    "csrfmiddlewaretoken": token,
                    "email": "reader@example.org",
                    "first_name": "Ruth",
                    "topics": "jobs",
                    "consent": "on",
                },
            )
            assert status == 302, body[-3000:]
            message = wait_for(
                lambda: sink.messages, 30, "the worker's email", tmp_path / "process-1.log"
            )[0]
            assert sink.logins == [("hub-mailer", mail_password, True)]
            assert message["To"] == "reader@example.org"
            assert "confirm" in message["Subject"].lower()
            assert worker.poll() is None
            # The sign-up's rate-limit counts (django-ratelimit's "rl:" keys) are in Redis,
            # where every server shares them.
            assert any(key.startswith(b":1:rl:") for key in redis_keys()), redis_keys()

            # Each cron line, as cron runs it: /bin/sh with an almost empty environment.
            cron_outputs = {}
            for line in fill(readme_block("cron")).splitlines():
                command = line.split(None, 5)[5]
                cron_env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SHELL": "/bin/sh"}
                result = run(["/bin/sh", "-c", command], cron_env | trust, 120)
                name = command.rsplit(" ", 1)[1]
                assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}"
                cron_outputs[name] = result.stdout
            assert set(cron_outputs) == {
                "publish_scheduled",
                "send_digest",
                "newsletter_sync",
                "send_queued_email",
                "remind_closing_vacancies",
                "prune_db_task_results",
                "prune_records",
            }
            assert cron_outputs["send_digest"].strip() == (
                "Nothing new since the last digest: nothing was sent."
            )
            assert "Sent 0 queued email(s)" in cron_outputs["send_queued_email"]
            # The cron lines worked on the production database, not a SQLite file.
            assert not (checkout / "db.sqlite3").exists()
