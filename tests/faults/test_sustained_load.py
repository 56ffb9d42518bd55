"""Sustained load on the production server: 32 connections for 15 s (60 s with --long-faults)
over a mix of public pages, against gunicorn with the production settings, PostgreSQL and
Redis. Every answer must be a 200, nothing may be logged as an error, no worker may die, and no
worker's resident memory may grow by more than RSS_GROWTH_LIMIT once warm.

wrk generates the load when it is installed; otherwise threads with http.client do, so the
test runs everywhere (wrk gets more requests through on the same CPUs)."""

import json
import shutil
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import servers
from tests.factories import StandardPageFactory, make_site
from tests.faults.conftest import report

pytestmark = pytest.mark.django_db(transaction=True)

CONNECTIONS = 32
WORKERS = 3
# Growth allowed per worker between the end of the warm-up and the end of the run. A leak of
# a few kilobytes a request (a cache that never forgets, a list of queries kept with DEBUG on)
# passes 10 MB within the short run's thousands of requests.
RSS_GROWTH_LIMIT = 10 * 1024 * 1024
MiB = 1024 * 1024
# Every third request carries a session cookie that has expired, as a returning visitor's does:
# the page cache leaves those to Django and Wagtail, so the whole stack is under load too.
STALE_SESSION = "sessionid=expired0session0cookie"

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
paths = {%(paths)s}
n = 0
sent = 0
bad = {}
hits = 0
function init(args) n = math.random(#paths) end
function request()
  n = n %% #paths + 1
  sent = sent + 1
  local headers = {["X-Forwarded-Proto"] = "https"}
  if sent %% 3 == 0 then headers["Cookie"] = "%(stale_session)s" end
  return wrk.format("GET", paths[n], headers)
end
function response(status, headers, body)
  if status ~= 200 then bad[status] = (bad[status] or 0) + 1 end
  if headers["X-Page-Cache"] == "hit" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local not_ok, cached, statuses = 0, 0, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("bad")) do
      not_ok = not_ok + count
      statuses[status] = (statuses[status] or 0) + count
    end
    cached = cached + thread:get("hits")
  end
  local other = {}
  for status, count in pairs(statuses) do table.insert(other, '"' .. status .. '": ' .. count) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "not_ok": %%d, "socket_errors": %%d, "seconds": %%f, ' ..
    '"p99_ms": %%f, "cached": %%d, "statuses": {%%s}}\\n', summary.requests, not_ok,
    e.connect + e.read + e.write + e.timeout, summary.duration / 1e6,
    latency:percentile(99) / 1000, cached, table.concat(other, ", ")))
end
"""


def load_with_wrk(wrk, url, paths, seconds, tmp_path):
    script = tmp_path / "mix.lua"
    paths = ", ".join(json.dumps(p) for p in paths)
    script.write_text(WRK_SCRIPT % {"paths": paths, "stale_session": STALE_SESSION})
    result = subprocess.run(  # noqa: S603 -- fixed arguments
        [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", script, url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    figures = json.loads(line.removeprefix("RESULT "))
    return {**figures, "errors": figures["not_ok"] + figures["socket_errors"], "tool": "wrk"}


def load_with_threads(url, paths, seconds):
    """CONNECTIONS threads, each asking for the pages in turn until time is up."""
    statuses = Counter()
    cached = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset):
        mine = Counter()
        hits = 0
        n = offset
        while time.monotonic() < stop:
            path = paths[n % len(paths)]
            n += 1
            headers = {"Cookie": STALE_SESSION} if n % 3 == 0 else {}
            try:
                status, response_headers, _ = servers.fetch(url + path, headers=headers)
            except OSError as error:
                mine[type(error).__name__] += 1
                continue
            mine[status] += 1
            hits += response_headers.get("X-Page-Cache") == "hit"
        with lock:
            statuses.update(mine)
            cached["hits"] += hits

    started = time.monotonic()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        list(pool.map(client, range(CONNECTIONS)))
    elapsed = time.monotonic() - started
    requests = sum(statuses.values())
    return {
        "requests": requests,
        "errors": requests - statuses[200],
        "statuses": dict(statuses),
        "cached": cached["hits"],
        "seconds": elapsed,
        "tool": "threads",
    }


def generate_load(url, paths, seconds, tmp_path):
    if wrk := shutil.which("wrk"):
        return load_with_wrk(wrk, url, paths, seconds, tmp_path)
    return load_with_threads(url, paths, seconds)


def test_32_connections_of_sustained_load_answer_200_without_workers_growing(
    cache_url, long_faults, tmp_path
):
    home = make_site()
    pages = [StandardPageFactory(parent=home, slug=f"about-{n}") for n in range(3)]
    paths = [
        "/",
        *(f"/{page.slug}/" for page in pages),
        "/search/?q=network",
        "/contact/",
        "/join/",
        "/sitemap.xml",
        "/robots.txt",
    ]
    env = servers.server_env(servers.shared_test_database_url(), CACHE_URL=cache_url)
    with servers.production_server(env, workers=WORKERS) as server:
        for path in paths:
            assert servers.fetch(server.url + path)[0] == 200, path
        workers = server.worker_pids()
        assert len(workers) == WORKERS

        # Warm-up: every worker imports, compiles templates and fills its caches.
        generate_load(server.url, paths, 5, tmp_path)
        warm = {pid: servers.rss_bytes(pid) for pid in workers}
        seconds = 60 if long_faults else 15
        figures = generate_load(server.url, paths, seconds, tmp_path)
        assert server.worker_pids() == workers, "a worker died or was replaced"
        growth = {pid: servers.rss_bytes(pid) - warm[pid] for pid in workers}
        log = server.output()

    latency = f", p99 {figures['p99_ms']:.0f} ms" if "p99_ms" in figures else ""
    report(
        f"sustained load ({figures['tool']}, {CONNECTIONS} connections, {seconds} s): "
        f"{figures['requests']} requests, {figures['requests'] / figures['seconds']:.0f} req/s, "
        f"{figures['errors']} errors{latency}, "
        f"{figures['cached'] / max(figures['requests'], 1):.0%} from the page cache; "
        f"worker RSS warm {', '.join(f'{v / MiB:.1f}' for v in warm.values())} MiB, "
        f"growth {', '.join(f'{v / MiB:+.2f}' for v in growth.values())} MiB"
    )
    assert figures["requests"] > seconds * 5, figures
    assert figures["errors"] == 0, (figures, log[-3000:])
    assert "Traceback" not in log and " ERROR " not in log, log[-5000:]
    assert max(growth.values()) <= RSS_GROWTH_LIMIT, growth
