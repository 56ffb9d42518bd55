"""A digest goes out exactly once even when `manage.py send_digest` really dies: each test runs
the command as its own process against the fake Mailchimp and the test's database, holds one
request at the fake, kills the process there with SIGKILL (no `finally`, no `atexit`: its lock
goes only because the process is gone) and runs the command again; or runs two at once.

Request order of a first run (newsletter/sending.py): GET /campaigns (find by title), POST
/campaigns (create; the id is stored at once), GET the campaign, PUT its content, GET the
campaign (the check before sending), POST .../actions/send, GET the campaign.

The processes must see the rows the test made, so the tests are transactional. On PostgreSQL
they use the test database itself. On SQLite pytest-django's test database lives in this
process's memory, so it is copied to a file before the processes start and copied back after
they end (`SharedDatabase`)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import timedelta
from fnmatch import fnmatchcase
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from newsletter.models import Digest
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.mailchimp_fake import FakeMailchimp

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]  # where manage.py is
CAMPAIGNS = "/3.0/campaigns"
CAMPAIGN = "/3.0/campaigns/*"  # fnmatch's * also matches "/": only ask for it with GET
CONTENT = "/3.0/campaigns/*/content"
SEND = "/3.0/campaigns/*/actions/send"
HOLD = 30  # seconds the fake holds a request the process is killed at; stop() ends it early
RUN_TIMEOUT = 60  # seconds for one run of the command, start-up included
AFTER_THE_CRASH = "Written after the crash."


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
        and `pattern` (the test has told the fake to hold it), then SIGKILL the process."""
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


@pytest.fixture
def fake():
    with FakeMailchimp() as fake:
        yield fake


@pytest.fixture
def commands(transactional_db, fake, tmp_path):
    """Torn down before the database and the fake: no process outlives the test."""
    runs = Commands(fake, SharedDatabase(tmp_path))
    try:
        yield runs
    finally:
        runs.kill_leftovers()


@pytest.fixture(autouse=True)
def news(transactional_db):
    """What the command will compile: made before any process starts."""
    home = make_site()
    bulletin = BulletinIndexPageFactory(parent=home)
    jobs = JobsIndexPageFactory(parent=home)
    yesterday = timezone.now() - timedelta(days=1)
    BulletinPostFactory(
        parent=bulletin, title="Grant round", funding=True, first_published_at=yesterday
    )
    BulletinPostFactory(parent=bulletin, title="Workshop", event=True, first_published_at=yesterday)
    VacancyFactory(parent=jobs, title="Partnerships Officer", first_published_at=yesterday)


def assert_sent_once(fake):
    """One campaign, sent once, with every item, and the digest recorded as sent."""
    [campaign] = fake.campaigns.values()
    assert campaign["settings"]["title"] == Digest.objects.get().campaign_title
    assert campaign["status"] == "sent"
    [sent] = fake.sent
    assert sent["campaign_id"] == campaign["id"]
    for title in ("Grant round", "Workshop", "Partnerships Officer"):
        assert title in sent["html"] and title in sent["plain_text"]
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.SENT
    assert digest.campaign_id == campaign["id"]
    assert digest.sent_at is not None
    return digest, sent


def test_a_crash_during_create_leaves_a_campaign_the_rerun_finds_by_its_title(commands, fake):
    fake.delay("POST", CAMPAIGNS, 3, apply=True)  # Mailchimp creates it; the process is gone
    commands.kill_at("POST", CAMPAIGNS)
    assert fake.wait_idle(timeout=10)
    assert len(fake.campaigns) == 1
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.SENDING and digest.campaign_id == ""

    output = commands.run()

    assert "Taking digest 1" in output and "went out through Mailchimp" in output
    assert_sent_once(fake)


def test_a_crash_after_create_before_the_content_is_set(commands, fake):
    fake.delay("PUT", CONTENT, HOLD, apply=False)
    commands.kill_at("PUT", CONTENT)
    [campaign] = fake.campaigns.values()
    assert campaign["content"]["html"] == ""  # the held update never landed
    digest = Digest.objects.get()
    assert digest.status == Digest.Status.SENDING
    assert digest.campaign_id == campaign["id"]  # stored the moment create answered
    Digest.objects.update(introduction=AFTER_THE_CRASH)

    output = commands.run()

    assert "went out through Mailchimp" in output
    _, sent = assert_sent_once(fake)
    assert AFTER_THE_CRASH in sent["html"] and AFTER_THE_CRASH in sent["plain_text"]


def test_a_crash_after_the_content_is_set_before_send(commands, fake):
    fake.delay("GET", CAMPAIGN, 0)  # the check after create: answered at once
    fake.delay("GET", CAMPAIGN, HOLD, apply=False)  # the check before send: held
    commands.kill_at("GET", CAMPAIGN, nth=2)
    assert commands.received("PUT", CONTENT) == 1
    assert not commands.received("POST", SEND)
    [campaign] = fake.campaigns.values()
    stale_html = campaign["content"]["html"]
    assert "Grant round" in stale_html and AFTER_THE_CRASH not in stale_html
    assert Digest.objects.get().status == Digest.Status.SENDING
    Digest.objects.update(introduction=AFTER_THE_CRASH)

    commands.run()

    _, sent = assert_sent_once(fake)
    assert AFTER_THE_CRASH in sent["html"] and AFTER_THE_CRASH in sent["plain_text"]
    assert sent["html"] != stale_html
    assert commands.received("PUT", CONTENT) == 2  # set again by the rerun


def test_a_crash_during_send_that_mailchimp_carried_out_is_recorded_not_repeated(commands, fake):
    fake.delay("POST", SEND, 3, apply=True)
    commands.kill_at("POST", SEND)
    assert Digest.objects.get().status == Digest.Status.SENDING  # died before hearing back
    assert fake.wait_idle(timeout=10)  # Mailchimp sends it all the same
    assert len(fake.sent) == 1
    before_rerun = len(fake.requests)

    output = commands.run()

    assert "went out through Mailchimp" in output
    digest, _ = assert_sent_once(fake)
    [campaign] = fake.campaigns.values()
    assert digest.sent_at.isoformat() == campaign["send_time"]
    # The rerun only asked: no content update, no second send.
    assert {request["method"] for request in fake.requests[before_rerun:]} == {"GET"}


def test_two_runs_at_once_send_it_once_and_one_says_the_other_is_busy(commands, fake):
    """Cron overlapping a staff member's click: whichever run takes the lock sends; the other
    finds it held while the send is under way."""
    fake.delay("POST", SEND, 5, apply=True)  # keeps the lock held while the other arrives
    first, second = commands.start(count=2, mailchimp_timeout=30)
    outputs = commands.finish(first, second)

    assert (first.returncode, second.returncode) == (0, 0), outputs
    sender = [output for output in outputs if "went out through Mailchimp" in output]
    busy = [output for output in outputs if "is being sent by another run" in output]
    assert len(sender) == 1 and len(busy) == 1, outputs
    assert "Nothing more to do." in busy[0]
    assert_sent_once(fake)
    assert commands.received("POST", CAMPAIGNS) == 1
    assert commands.received("POST", SEND) == 1
