"""PostgreSQL restarted under load: while it is down every answer is the friendly 503 with
Retry-After (never a 500 or a dropped connection), the site recovers by itself within seconds
of PostgreSQL accepting connections, and every contact message the site accepted before,
between and after the restarts is stored, once.

The machine's PostgreSQL is shared and never stopped: the test runs a private PostgreSQL 15
cluster (initdb in a temporary directory, a free port, fsync off for speed), copies the
migrated test database into it with pg_dump, and really stops it: `-m immediate` (as a crash
does: no checkpoint, WAL replay on start) and, with --long-faults, `-m fast` too. PostgreSQL
refuses to run as root, so under root the cluster runs as the `postgres` system user."""

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest

from tests import servers
from tests.factories import make_site
from tests.faults.conftest import report

pytestmark = pytest.mark.django_db(transaction=True)

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
# How soon the site must answer 200 again once PostgreSQL accepts connections.
RECOVERY_LIMIT = 5
READERS = 4
WRITERS = 4


def run(command, stdin=None):
    """Runs a PostgreSQL program; its output, or a failure showing what it said."""
    result = subprocess.run(  # noqa: S603 -- PostgreSQL's own programs
        command, input=stdin, capture_output=True, timeout=120
    )
    if result.returncode:
        pytest.fail(f"{command} failed:\n{result.stderr.decode(errors='replace')}")
    return result.stdout


class PrivateCluster:
    """A PostgreSQL cluster of the test's own, which it may stop and start at will."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="hub-faults-pg-"))
        self.owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if self.owner:
            os.chown(self.dir, self.owner.pw_uid, self.owner.pw_gid)
        self.data = self.dir / "data"
        self.port = servers.free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/hub"

    def create(self):
        self.run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync")
        self.start()

    def run(self, program, *args):
        command = [PG_BIN / program, *map(str, args)]
        if self.owner:
            command = ["runuser", "-u", "postgres", "--", *command]
        run(command)

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", self.data, "-l", self.dir / "log", "-o", options, "-w", "start")

    def stop(self, mode="immediate"):
        self.run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def copy_database(self, source_url):
        """Loads a dump of `source_url` (the migrated test database) as database `hub`."""
        self.query("CREATE DATABASE hub", database="postgres")
        dump = run([PG_BIN / "pg_dump", "--no-owner", "--dbname", source_url])
        run([PG_BIN / "psql", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", self.url], dump)

    def query(self, sql, database="hub"):
        url = self.url.rsplit("/", 1)[0] + f"/{database}"
        with psycopg.connect(url, autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else None

    def destroy(self):
        with contextlib.suppress(pytest.fail.Exception):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def cluster():
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"needs PostgreSQL's server programs in {PG_BIN} (set PG_BIN)")
    cluster = PrivateCluster()
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.destroy()


class Load:
    """Readers asking for pages and writers sending the contact form, each answer logged with
    its time; writers remember which messages the site accepted (redirected to "sent")."""

    def __init__(self, url):
        self.url = url
        self.answers = []  # (time, status, Retry-After)
        self.accepted = []
        self.posted = []
        self.stopping = threading.Event()
        self.threads = [
            *(threading.Thread(target=self.read, args=(n,)) for n in range(READERS)),
            *(threading.Thread(target=self.write, args=(n,)) for n in range(WRITERS)),
        ]

    def record(self, status, headers):
        cached = headers.get("X-Page-Cache") == "hit"
        self.answers.append((time.monotonic(), status, headers.get("Retry-After"), cached))

    def read(self, n):
        paths = ["/", "/contact/", "/search/?q=network"]
        while not self.stopping.is_set():
            n += 1
            try:
                status, headers, _ = servers.fetch(self.url + paths[n % len(paths)])
            except OSError as error:
                self.answers.append((time.monotonic(), type(error).__name__, None, False))
                continue
            self.record(status, headers)

    def write(self, writer):
        browser = servers.Browser(self.url)
        sent = 0
        while not self.stopping.is_set():
            email = f"writer{writer}-{sent}@example.org"
            sent += 1
            self.posted.append(email)
            fields = {"name": "Sam", "email": email, "reply_by": "email", "message": "Hello"}
            try:
                status, headers, _ = browser.post_form("/contact/", fields)
            except (OSError, AssertionError) as error:  # the form itself answered 503
                self.answers.append((time.monotonic(), type(error).__name__, None, False))
                time.sleep(0.1)
                continue
            self.record(status, headers)
            if status == 302:
                self.accepted.append(email)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def between(self, start, end):
        """(status, Retry-After, from the page cache) of the answers in [start, end)."""
        return [answer[1:] for answer in self.answers if start <= answer[0] < end]

    def first_fresh_answer(self, start):
        """When the first answer after `start` that needed the database came (a page or a
        redirect, not from the page cache); None until there is one."""
        return min(
            (
                at
                for at, status, _, cached in list(self.answers)
                if at >= start and status in (200, 302) and not cached
            ),
            default=None,
        )


def test_postgresql_restarted_under_load_gives_503s_then_recovers_losing_nothing(
    cluster, cache_url, long_faults
):
    make_site()
    cluster.copy_database(servers.shared_test_database_url())
    # One crash-like restart; the long run adds a clean shutdown with a 10 s outage, then two
    # more crashes, each 3 s after the site recovered.
    restarts = [("immediate", 3)]
    if long_faults:
        restarts += [("fast", 10), ("immediate", 2), ("immediate", 5)]
    # Persistent connections, the harder case: every worker's open connection dies with the
    # server (tests/test_database_down.py covers connecting per request).
    env = servers.server_env(
        cluster.url,
        CACHE_URL=cache_url,
        CONTACT_RATE_LIMIT_PER_HOUR="100000",
        DATABASE_CONN_MAX_AGE="60",
    )
    recoveries = []
    with servers.production_server(env, workers=2) as server, Load(server.url) as load:
        time.sleep(2)
        for mode, down_seconds in restarts:
            cluster.stop(mode)
            stopped = time.monotonic()
            time.sleep(down_seconds)
            starting = time.monotonic()
            cluster.start()  # returns once PostgreSQL accepts connections
            started = time.monotonic()
            while (recovered := load.first_fresh_answer(started)) is None:
                assert time.monotonic() - started < RECOVERY_LIMIT, "no recovery"
                time.sleep(0.05)
            recoveries.append((mode, down_seconds, stopped, starting, started, recovered))
            time.sleep(3)  # answers 1-3 s after recovery are checked below
        log = server.output()

    statuses = Counter(answer[1] for answer in load.answers)
    report(f"database restarts under load: answers {dict(statuses)}")
    for mode, down_seconds, stopped, starting, started, recovered in recoveries:
        # From a second after PostgreSQL stopped (requests that had their data before it did
        # may still be rendering) until it was told to start.
        down = load.between(stopped + 1, starting)
        after = load.between(recovered + 1, recovered + 3)
        report(
            f"  -m {mode}, {down_seconds} s down: {len(down)} answers while down "
            f"({dict(Counter(s for s, _, _ in down))}); PostgreSQL took {started - starting:.2f} s "
            f"to start, the site answered from the database {recovered - started:.2f} s after; "
            f"1-3 s later {dict(Counter(s for s, _, _ in after))}"
        )
        assert any(status == 503 for status, _, _ in down), "no 503 while PostgreSQL was down"
        # The friendly 503, or a page the page cache holds (which needs no database).
        assert all(
            (status == 503 and retry == "30") or (status == 200 and cached)
            for status, retry, cached in down
        ), down
        assert after and all(status in (200, 302) for status, _, _ in after), after

    # Every answer is a page, a redirect after a post, or the friendly 503: no 500, no
    # connection dropped or refused by gunicorn.
    assert set(statuses) <= {200, 302, 503}, statuses
    assert "Traceback" not in log, log[-5000:]

    stored = [email for (email,) in cluster.query("SELECT email FROM hub_contactmessage")]
    report(f"  {len(load.accepted)} messages accepted, {len(stored)} stored")
    assert len(load.accepted) > 10
    assert len(stored) == len(set(stored)), "a message was stored twice"
    assert set(load.accepted) <= set(stored), set(load.accepted) - set(stored)
    assert set(stored) <= set(load.posted)
