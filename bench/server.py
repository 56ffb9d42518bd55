"""The benchmark at network scale: the site under gunicorn, loaded by wrk, against the floor,
without and with the anonymous page cache; then how search, the calendars, the sitemap and the
newsletter digest grow with content.

`make bench` (options: `make bench BENCH_ARGS="--rounds 3 --duration 10"`; see `--help`):

1. makes the PostgreSQL database named by BENCH_DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/hub_bench; never DATABASE_URL, so that the site's own
   database is not filled with made-up content) if it is missing, migrates it, collects the
   static files, and on first use loads the network-scale data set (`bench/data.py`); for the
   scaling figures, the same again with a data set a tenth the size in a database of its own,
   the same name ending `_small`;
2. counts the SQL queries of one request to each endpoint, in this process, page cache off:
   with the content cache filled (routes, settings, rendered listings, feeds, calendars:
   hub.generation) and, in brackets, emptied first;
3. starts two gunicorns with `hub.settings.bench` (the production settings over plain HTTP, plus
   the floor view) on free ports of 127.0.0.1, 4 sync workers each, `--no-control-socket`, both
   caching in Redis (BENCH_CACHE_URL, default redis://127.0.0.1:6379/5, emptied first: give
   the benchmark a Redis database of its own): one with PAGE_CACHE_SECONDS=0, one with the
   anonymous page cache on (PAGE_CACHE_SECONDS=300). On the second, each endpoint is asked once
   more after warming, and one that does not answer `X-Page-Cache: hit` is "not cached";
4. runs `wrk -t2 -c8` against each endpoint for `--duration` seconds, `--rounds` times, without
   then with the cache, the endpoints interleaved so that a burst of load elsewhere on the
   machine falls on all; the floor is measured without the cache, and both columns are
   compared with it;
5. prints the medians (requests per second, p50, p99), queries, the ratio to the floor and the
   targets missed, then the scaling figures (`bench/inprocess.py`), and writes it all to
   `bench/results/latest.md`.

wrk comes from Debian (`apt-get install wrk`). Everything stays on the loopback.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hub_bench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/5"
RESULTS = BASE_DIR / "bench" / "results" / "latest.md"
LOGS = BASE_DIR / "var" / "bench"
PYTHON = sys.executable
# Targets of issue 12: ratios to the floor's requests per second, and of p99 to p50.
TARGET_RATIO = 0.25
TARGET_CACHED_RATIO = 0.7
TARGET_TAIL = 4.0
PAGE_CACHE_SECONDS = 300
WARM_UP_SECONDS = 2
FLOOR = "/bench/floor/"
UNCACHED, CACHED = "uncached", "cached"


def environment(database_url, **settings):
    """The environment of the site's processes: the bench settings, that database, the page
    cache off and the content cache on unless `settings` say otherwise, and no cache server
    unless they name one."""
    env = {key: value for key, value in os.environ.items() if key != "CACHE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="hub.settings.bench",
        DATABASE_URL=database_url,
        PYTHONPATH=str(BASE_DIR),
        PAGE_CACHE_SECONDS="0",
        # On as in production, also where this process counts queries without Redis.
        CONTENT_CACHE_SECONDS="300",
    )
    env.update(settings)
    return env


def small_database_url(database_url):
    """The scaling figures' second database: the same server, the name ending `_small`."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_small"))


def ensure_database(database_url):
    """Creates the database if it is missing (connecting to the server's `postgres` one)."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(database_url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The benchmark needs PostgreSQL: set BENCH_DATABASE_URL=postgres://…")
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as server:
        found = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not found:
            server.execute(f'CREATE DATABASE "{config["NAME"]}"')
            print(f"created database {config['NAME']}")


def run_python(env, *args):
    finished = subprocess.run(  # noqa: S603 -- the project's own scripts, fixed arguments
        [PYTHON, *args], cwd=BASE_DIR, env=env, check=False
    )
    if finished.returncode:
        raise SystemExit(f"{shlex.join(args)} failed with exit status {finished.returncode}")


def prepare(database_url, size):
    """The database migrated and, on first use, loaded with the `size` data set."""
    env = environment(database_url)
    ensure_database(database_url)
    run_python(env, "manage.py", "migrate", "--no-input", "-v0")
    run_python(env, "bench/inprocess.py", "load", "--size", size)


def endpoints():
    """(label, path) of every endpoint the issue names, found in the loaded data."""
    from bulletin.models import BulletinIndexPage, BulletinPost
    from jobs.models import JobsIndexPage, Vacancy
    from members.models import MemberDirectoryPage, Organisation

    bulletin = BulletinIndexPage.objects.live().first().url
    jobs = JobsIndexPage.objects.live().first().url
    directory = MemberDirectoryPage.objects.live().first().url
    post = BulletinPost.objects.live().order_by("-first_published_at").first().url
    vacancy = Vacancy.objects.live().order_by("-closes_at").first().url
    profile = Organisation.objects.listed().order_by("pk").first()
    return [
        ("floor", FLOOR),
        ("home", "/"),
        ("bulletin index", bulletin),
        ("bulletin, two filters", f"{bulletin}?kind=funding&status=open"),
        ("a post", post),
        ("a tag page", f"{bulletin}tag/data/"),
        ("jobs board, filters", f"{jobs}?contract=permanent&hours=up-to-16"),
        ("a vacancy", vacancy),
        ("directory, filters", f"{directory}?user_led=on&q=equality"),
        ("a profile", f"{directory}{profile.slug}/"),
        ("search", "/search/?q=equality"),
        ("bulletin RSS", f"{bulletin}feed/rss/"),
        ("bulletin Atom", f"{bulletin}feed/atom/"),
        ("jobs RSS", f"{jobs}feed/"),
        ("site calendar", "/calendar.ics"),
        ("bulletin calendar", f"{bulletin}calendar/"),
        ("sitemap.xml", "/sitemap.xml"),
        ("a sitemap page", "/sitemap-pages.xml?p=2"),
    ]


def count_queries(paths, builds=3):
    """Per path, "kept (built)" SQL queries of one request: after a first request filled the
    content cache, and with the content cache emptied just before; then the median time in
    this process of `builds` requests each made with the content cache emptied, as after a
    publish: (queries, built ms)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    queries, built_ms = {}, {}
    for path in paths:
        found = []
        for empty_first in (True, False):
            if empty_first:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            found.append(len(captured))
        built, kept = found
        queries[path] = f"{kept} ({built})"
        times = []
        for _ in range(builds):
            cache.clear()
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        built_ms[path] = statistics.median(times)
    return queries, built_ms


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env, workers, name):
    """A gunicorn serving the site on a free port, stopped on leaving; yields its base URL."""
    port = free_port()
    with open(LOGS / f"gunicorn-{name}.log", "w") as log:
        process = subprocess.Popen(  # noqa: S603 -- the virtualenv's gunicorn, fixed arguments
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "hub.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--no-control-socket",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base, process, name)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(base, process, name):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped: see var/bench/gunicorn-{name}.log")
        try:
            get(f"{base}{FLOOR}", timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within a minute: see var/bench/gunicorn-{name}.log")


def empty_cache(cache_url):
    """Empties the benchmark's Redis database, so that both servers start from a cold cache
    and no page cached by an earlier run is served."""
    import redis

    try:
        redis.Redis.from_url(cache_url).flushdb()
    except redis.RedisError as error:
        raise SystemExit(
            f"The benchmark caches in Redis at {cache_url} (BENCH_CACHE_URL): {error}"
        ) from error


def get(url, timeout):
    """One GET to the benchmark's own servers on the loopback: the response, read."""
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 -- http://127.0.0.1
        response.read()
        return response


def page_cache_header(url):
    return get(url, timeout=60).headers.get("X-Page-Cache")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(url, args, duration=None):
    """One bounded wrk run: requests per second, p50 and p99 in ms, errors (timeouts and
    non-2xx/3xx answers)."""
    output = subprocess.run(  # noqa: S603 -- wrk from the system, fixed arguments
        [  # noqa: S607 -- wrk is wherever the system put it
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{duration or args.duration}s",
            f"--timeout={args.timeout}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    errors = sum(int(n) for n in re.findall(r"(?:timeout|Non-2xx or 3xx responses:) (\d+)", output))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {
        "rps": rate,
        "p50": milliseconds(percentiles["50"]) if "50" in percentiles else None,
        "p99": milliseconds(percentiles["99"]) if "99" in percentiles else None,
        "errors": errors,
    }


def drain(base, workers):
    """Waits until the server has finished what wrk left queued: sync workers go on answering
    requests whose clients left, and a slow endpoint would slow the next one measured. One
    floor request per worker, sent at once, returns only once the queue before it is done."""
    url = f"{base}{FLOOR}"
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda _: get(url, timeout=300), range(workers)))


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def summary(runs, floor_rps):
    """Medians over the rounds, the ratio to the floor and of p99 to p50."""
    rps = median([run["rps"] for run in runs])
    p50 = median([run["p50"] for run in runs])
    p99 = median([run["p99"] for run in runs])
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "ratio": rps / floor_rps if floor_rps else 0,
        "tail": p99 / p50 if p50 and p99 else None,
        "errors": sum(run["errors"] for run in runs),
    }


def misses(figures, target, name):
    found = []
    if figures["ratio"] < target:
        ratio = figures["ratio"]
        found.append(f"{name} {target / ratio:.1f}× too slow" if ratio else f"{name}: no answers")
    if figures["tail"] is not None and figures["tail"] >= TARGET_TAIL:
        found.append(f"{name} p99 {figures['tail']:.1f}× p50")
    return found


def load_table(chosen, runs, not_cached, queries, built_ms, floor_rps):
    """The table under load: per endpoint, without the page cache then with it."""
    lines = [
        "| endpoint | queries, kept (built) | built ms | req/s | p50 ms | p99 ms | × floor "
        "| cached req/s "
        "| cached p50 ms | cached p99 ms | cached × floor | errors | misses |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, path in chosen:
        cells, missed, errors = [], [], 0
        for mode, target in ((UNCACHED, TARGET_RATIO), (CACHED, TARGET_CACHED_RATIO)):
            if path in not_cached and mode == CACHED:
                cells += ["not cached"] * 4
                missed.append("not cached")
                continue
            if not runs[mode].get(path):
                cells += ["—"] * 4
                continue
            figures = summary(runs[mode][path], floor_rps)
            cells += [
                f"{figures['rps']:.1f}",
                fmt(figures["p50"]),
                fmt(figures["p99"]),
                f"{figures['ratio']:.3f}",
            ]
            errors += figures["errors"]
            missed += misses(figures, target, mode)
        lines.append(
            f"| {label} (`{path}`) | {queries[path]} | {built_ms[path]:.1f} | "
            f"{' | '.join(cells)} | {errors} | "
            f"{', '.join(missed) or 'none'} |"
        )
    return lines


def fmt(value):
    return "—" if value is None else f"{value:.1f}"


def machine_load():
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def measure_under_load(args, chosen, cache_url, database_url):
    """wrk against each endpoint, interleaved: {mode: {path: [run, …]}} and the paths the
    page cache did not serve."""
    modes = {"off": [UNCACHED], "on": [CACHED], "both": [UNCACHED, CACHED]}[args.page_cache]
    # The floor is measured without the page cache, and every column is compared with it.
    plan = [
        (mode, label, path)
        for label, path in chosen
        for mode in [UNCACHED, CACHED]
        if (mode == UNCACHED if path == FLOOR else mode in modes)
    ]
    runs = {UNCACHED: {}, CACHED: {}}
    not_cached = set()
    empty_cache(cache_url)
    with contextlib.ExitStack() as servers:
        bases = {}
        for mode in dict.fromkeys(mode for mode, _, _ in plan):
            seconds = str(PAGE_CACHE_SECONDS if mode == CACHED else 0)
            env = environment(database_url, CACHE_URL=cache_url, PAGE_CACHE_SECONDS=seconds)
            bases[mode] = servers.enter_context(gunicorn(env, args.workers, mode))
        # Each worker imports and caches lazily on its first requests: not what is measured.
        # Then one request tells whether the page cache serves the endpoint.
        for mode, label, path in plan:
            run_wrk(f"{bases[mode]}{path}", args, duration=WARM_UP_SECONDS)
            drain(bases[mode], args.workers)
            header = page_cache_header(f"{bases[mode]}{path}")
            if mode == UNCACHED and header == "hit":
                raise SystemExit(f"{path} came from the page cache with PAGE_CACHE_SECONDS=0")
            if mode == CACHED and header != "hit":
                print(f"{label}: not cached (X-Page-Cache: {header or 'absent'})", flush=True)
                not_cached.add(path)
        plan = [step for step in plan if step[0] == UNCACHED or step[2] not in not_cached]
        for round_number in range(1, args.rounds + 1):
            for mode, label, path in plan:
                run = run_wrk(f"{bases[mode]}{path}", args)
                runs[mode].setdefault(path, []).append(run)
                drain(bases[mode], args.workers)
                print(
                    f"round {round_number} {mode:<8} {label:<24} {run['rps']:8.1f} req/s  "
                    f"p50 {fmt(run['p50'])} ms  p99 {fmt(run['p99'])} ms",
                    flush=True,
                )
    return runs, not_cached


def scaling(args, database_url):
    """The scaling figures of both data sets, each measured in processes of its own: rounds
    alternate between the two databases, so that a burst of load elsewhere on the machine falls
    on both; the digest is measured once, in the last round, on the larger."""
    databases = [small_database_url(database_url), database_url]
    measured = [None, None]
    for round_number in range(1, args.scaling_rounds + 1):
        for place, url in enumerate(databases):
            last = round_number == args.scaling_rounds and url == database_url
            with tempfile.TemporaryDirectory() as folder:
                output = Path(folder) / "scaling.json"
                run_python(
                    environment(url),
                    "bench/inprocess.py",
                    "scaling",
                    "--output",
                    str(output),
                    "--repeat",
                    str(args.scaling_repeat),
                    "--digest-repeat",
                    str(args.digest_repeat),
                    "--digest-sizes",
                    *map(str, args.digest_sizes if last else []),
                )
                result = json.loads(output.read_text())
            if measured[place] is None:
                measured[place] = result
                continue
            for row, more in zip(measured[place]["pages"], result["pages"], strict=True):
                row["timings_ms"] += more["timings_ms"]
            measured[place]["digest"] += result["digest"]
    for result in measured:
        for row in result["pages"]:
            row["median_ms"] = statistics.median(row["timings_ms"])
    return measured


def scaling_tables(measured, args):
    small, large = measured
    lines = [
        "## Scaling",
        "",
        "In-process (Django's test client, page cache off): the median of "
        f"{args.scaling_rounds * args.scaling_repeat} requests ({args.scaling_rounds} rounds "
        "alternating between the databases, each after a request that warms the caches), and "
        "the SQL queries of one. The same data "
        f"set at two sizes, each in its own database: {small['posts']:,} and "
        f"{large['posts']:,} posts (vacancies, organisations and subscribers in proportion).",
        "",
        f"| page | queries, {small['posts']:,} | ms, {small['posts']:,} | KB, "
        f"{small['posts']:,} | queries, {large['posts']:,} | ms, {large['posts']:,} | KB, "
        f"{large['posts']:,} | time × |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for few, many in zip(small["pages"], large["pages"], strict=True):
        paths = f"`{few['path']}`"
        if many["path"] != few["path"]:
            paths += f", `{many['path']}`"
        lines.append(
            f"| {few['label']} ({paths}) | {few['queries']} | {few['median_ms']:.1f} | "
            f"{few['kb']:.0f} | {many['queries']} | {many['median_ms']:.1f} | {many['kb']:.0f} "
            f"| {many['median_ms'] / few['median_ms']:.1f} |"
        )
    if large["digest"]:
        lines += [
            "",
            f"The newsletter digest against the {large['posts']:,}-post database: that many new "
            "items since the last issue (posts of every kind and vacancies, inserted for the "
            "measurement and rolled back), compiled (`compile_next`) then rendered as the email "
            f"(`render_email`, nothing sent), the median of {args.digest_repeat} each. The digest "
            "also holds what closes this week.",
            "",
            "| new items | items in the digest | compile ms | compile queries | render ms "
            "| render queries | email HTML KB | plain text KB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {row['new']:,} | {row['items']:,} | {row['compile_ms']:.0f} | "
            f"{row['compile_queries']} | {row['render_ms']:.0f} | {row['render_queries']} | "
            f"{row['html_kb']:.0f} | {row['text_kb']:.0f} |"
            for row in large["digest"]
        ]
    return lines


def command_line():
    arguments = shlex.join(sys.argv[1:])
    if os.environ.get("MAKELEVEL"):
        return f'make bench BENCH_ARGS="{arguments}"'
    return f"{PYTHON} bench/server.py {arguments}".rstrip()


def positive(text):
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a whole number above 0")
    return number


def parse_arguments():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--rounds", type=positive, default=3, help="interleaved rounds of wrk")
    parser.add_argument("--duration", type=positive, default=10, help="seconds of each wrk run")
    parser.add_argument("--threads", type=positive, default=2, help="wrk's threads")
    parser.add_argument("--connections", type=positive, default=8, help="wrk's open connections")
    parser.add_argument("--timeout", type=positive, default=10, help="wrk's request timeout, s")
    parser.add_argument("--workers", type=positive, default=4, help="gunicorn's sync workers")
    parser.add_argument("--only", nargs="*", help="labels of the endpoints to run (and floor)")
    parser.add_argument(
        "--page-cache",
        choices=["both", "off", "on"],
        default="both",
        help="measure without the anonymous page cache (PAGE_CACHE_SECONDS=0), with it "
        f"(PAGE_CACHE_SECONDS={PAGE_CACHE_SECONDS}), or both; the floor is always measured "
        "without it",
    )
    parser.add_argument(
        "--scaling",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the scaling figures after the load (loads the small data set on first use)",
    )
    parser.add_argument(
        "--scaling-only", action="store_true", help="the scaling figures alone, no wrk"
    )
    parser.add_argument(
        "--scaling-rounds",
        type=positive,
        default=3,
        help="rounds of the scaling figures, alternating between the two databases",
    )
    parser.add_argument(
        "--scaling-repeat",
        type=positive,
        default=3,
        help="timed requests per page, size and round",
    )
    parser.add_argument(
        "--digest-sizes",
        type=positive,
        nargs="*",
        default=[50, 500, 5000],
        help="new items in the digest for the scaling figures (none skips the digest)",
    )
    parser.add_argument(
        "--digest-repeat", type=positive, default=3, help="timed compiles and renders per size"
    )
    return parser.parse_args()


def main():
    args = parse_arguments()
    load_test = not args.scaling_only
    if load_test and shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (Debian), or your system's package.")
    began = time.monotonic()
    database_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    cache_url = os.environ.get("BENCH_CACHE_URL") or DEFAULT_CACHE_URL
    env = environment(database_url)
    os.environ.pop("CACHE_URL", None)
    os.environ.update(env)
    LOGS.mkdir(parents=True, exist_ok=True)
    prepare(database_url, "network")
    if args.scaling or args.scaling_only:
        prepare(small_database_url(database_url), "small")
    run_python(env, "manage.py", "collectstatic", "--no-input", "-v0")

    import django

    django.setup()
    started = datetime.now(UTC)
    load_before = machine_load()
    lines = []
    load_seconds = 0
    if load_test:
        chosen = [
            (label, path)
            for label, path in endpoints()
            if not args.only or label == "floor" or label in args.only
        ]
        queries, built_ms = count_queries([path for _, path in chosen])
        load_began = time.monotonic()
        runs, not_cached = measure_under_load(args, chosen, cache_url, database_url)
        load_seconds = time.monotonic() - load_began
        floor_rps = median([run["rps"] for run in runs[UNCACHED][FLOOR]])
        lines += [
            "## Under load",
            "",
            *load_table(chosen, runs, not_cached, queries, built_ms, floor_rps),
            "",
        ]
    scaling_seconds = 0
    if args.scaling or args.scaling_only:
        scaling_began = time.monotonic()
        lines += scaling_tables(scaling(args, database_url), args)
        scaling_seconds = time.monotonic() - scaling_began

    conn_max_age = os.environ.get("DATABASE_CONN_MAX_AGE", "0")
    header = [
        f"# Benchmark, {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"- machine: {platform.node()}, {platform.platform()}, {os.cpu_count()} CPUs; "
        f"{load_before} before the run, {machine_load()} after",
        f"- data: {data_summary()}",
    ]
    if load_test:
        header += [
            f"- server: gunicorn, {args.workers} sync workers, hub.settings.bench (production "
            f"settings over HTTP); DATABASE_CONN_MAX_AGE={conn_max_age}; cache: Redis "
            f"({cache_url}), shared by the workers; page cache: PAGE_CACHE_SECONDS=0 for the "
            f"first columns, {PAGE_CACHE_SECONDS} for the cached ones; the content cache "
            "(routes, site settings, rendered listings, feeds' and calendars' text, kept per "
            "content generation) on in both",
            f"- load: wrk -t{args.threads} -c{args.connections}, {args.rounds} interleaved "
            f"rounds of {args.duration} s; medians over the rounds",
            f"- targets: every page ≥ {TARGET_RATIO}× the floor's req/s uncached, "
            f"≥ {TARGET_CACHED_RATIO}× cached (the floor is measured uncached); "
            f"p99 < {TARGET_TAIL}× p50",
        ]
    header += [
        f"- command: {command_line()}",
        f"- took: {(time.monotonic() - began) / 60:.1f} min in all, of which "
        f"{load_seconds / 60:.1f} min under load and {scaling_seconds / 60:.1f} min of scaling "
        "figures",
        "",
    ]
    text = "\n".join(header + lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)
    print(text)
    print(f"written to {RESULTS.relative_to(BASE_DIR)}")


def data_summary():
    from bulletin.models import BulletinPost
    from jobs.models import Vacancy
    from members.models import Organisation
    from newsletter.models import Subscriber

    return (
        f"{BulletinPost.objects.count():,} posts, {Vacancy.objects.count():,} vacancies "
        f"({Vacancy.objects.on_board().count():,} open), {Organisation.objects.count():,} "
        f"organisations, {Subscriber.objects.count():,} subscribers, PostgreSQL"
    )


if __name__ == "__main__":
    main()
