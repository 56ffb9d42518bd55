"""Management commands as real processes against the fake Mailchimp and the test's database,
for tests that kill them (`test_digest_crashes`, `test_at_scale`).

The processes must see the rows the test made, so such tests are transactional. On PostgreSQL
the processes use the test database itself. On SQLite pytest-django's test database lives in
this process's memory, so it is copied to a file before the processes start and copied back
after they end (`SharedDatabase`)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from fnmatch import fnmatchcase
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from newsletter.models import Digest

ROOT = Path(__file__).resolve().parents[2]  # where manage.py is
CAMPAIGNS = "/3.0/campaigns"
CAMPAIGN = "/3.0/campaigns/*"  # fnmatch's * also matches "/": only ask for it with GET
CONTENT = "/3.0/campaigns/*/content"
SEND = "/3.0/campaigns/*/actions/send"
HOLD = 30  # seconds the fake holds a request the process is killed at; stop() ends it early
RUN_TIMEOUT = 60  # seconds for one run of the command, start-up included


class SharedDatabase:
    """The test's database as another process reaches it: `url` for its DATABASE_URL; `push()`
    before starting processes and `pull()` once they have ended (both do nothing on
    PostgreSQL, where the processes use the test database itself)."""

    def __init__(self, folder):
        db = connection.settings_dict
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            self.file = folder / "db.sqlite3"
            self.url = f"sqlite:///{self.file}"
        elif connection.vendor == "postgresql":
            password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
            host = quote(db["HOST"] or "localhost", safe="")
            port = f":{db['PORT']}" if db["PORT"] else ""
            self.url = (
                f"postgres://{quote(db['USER'], safe='')}{password}@{host}{port}/"
                f"{quote(db['NAME'], safe='')}"
            )
        else:
            pytest.skip(f"Subprocesses cannot be pointed at a {connection.vendor} test database.")

    def push(self):
        if self.sqlite:
            connection.ensure_connection()
            with closing(sqlite3.connect(self.file)) as target:
                connection.connection.backup(target)

    def pull(self):
        if self.sqlite:
            with closing(sqlite3.connect(self.file)) as source:
                source.backup(connection.connection)


class Commands:
    """`manage.py send_digest` as real processes, pointed at the fake Mailchimp and the test's
    database. Output is stdout and stderr together; every process is killed at teardown if it
    is still running."""

    def __init__(self, fake, database):
        self.fake = fake
        self.database = database
        self.processes = []

    def start(self, count=1, mailchimp_timeout=5):
        """`count` processes started at once, on the database as the test left it."""
        assert all(process.poll() is not None for process in self.processes)
        self.database.push()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hub.settings.test",
            "DATABASE_URL": self.database.url,
            "TASKS_BACKEND": "immediate",
            "MAILCHIMP_API_KEY": self.fake.api_key,
            "MAILCHIMP_AUDIENCE_ID": self.fake.list_id,
            "MAILCHIMP_API_BASE_URL": self.fake.base_url,
            "MAILCHIMP_SERVER_PREFIX": "us21",
            "MAILCHIMP_TIMEOUT": str(mailchimp_timeout),
            "PYTHONUNBUFFERED": "1",  # so a killed run's output is there to read
        }
        started = [
            subprocess.Popen(  # this interpreter and a fixed argv, no shell
                [sys.executable, "manage.py", "send_digest"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(count)
        ]
        self.processes += started
        return started

    def finish(self, *processes):
        """Each process's output once it has ended by itself; the database is then read back."""
        outputs = [process.communicate(timeout=RUN_TIMEOUT)[0] for process in processes]
        self.database.pull()
        return outputs

    def run(self):
        """One whole run, which must succeed; its output."""
        [process] = self.start()
        [output] = self.finish(process)
        assert process.returncode == 0, output
        return output

    def kill_at(self, method, pattern, nth=1, **start_options):
        """Start a run, wait until the fake has received its `nth` request matching `method`
        and `pattern` (counted since the fake started; the test has told the fake to hold
        it), then SIGKILL the process."""
        [process] = self.start(**start_options)
        deadline = time.monotonic() + RUN_TIMEOUT
        while self.received(method, pattern) < nth:
            if process.poll() is not None:
                pytest.fail(f"The run ended before {method} {pattern}:\n{process.stdout.read()}")
            if time.monotonic() > deadline:
                pytest.fail(f"No {method} {pattern} within {RUN_TIMEOUT}s.")
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        [output] = self.finish(process)
        assert process.returncode == -signal.SIGKILL, output
        return output

    def received(self, method, pattern):
        with self.fake.lock:
            return sum(
                request["method"] == method and fnmatchcase(request["path"], pattern)
                for request in self.fake.requests
            )

    def kill_leftovers(self):
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=RUN_TIMEOUT)
            process.stdout.close()


def assert_sent_once(fake, titles):
    """One campaign, sent once, with every item title in both parts, and the digest recorded
    as sent."""
    [campaign] = fake.campaigns.values()
    assert campaign["settings"]["title"] == Digest.objects.get().campaign_title
    assert campaign["status"] == "sent"
    [sent] = fake.sent
    assert sent["campaign_id"] == campaign["id"]
    missing = [title for title in titles if title not in sent["html"]]
    missing += [title for title in titles if title not in sent["plain_text"]]
    assert not missing, f"{len(missing)} titles missing, e.g. {missing[:3]}"
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.SENT
    assert digest.campaign_id == campaign["id"]
    assert digest.sent_at is not None
    return digest, sent
