"""The benchmark at network scale: the site under gunicorn, loaded by wrk, against the floor.

`make bench` (options: `make bench BENCH_ARGS="--rounds 3 --duration 10"`):

1. makes the PostgreSQL database named by BENCH_DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/hub_bench; never DATABASE_URL, so that the site's own
   database is not filled with made-up content) if it is missing, migrates it, collects the
   static files, and on first use loads the network-scale data set (`bench/data.py`);
2. counts the SQL queries of one request to each endpoint, in this process;
3. starts gunicorn with `hub.settings.bench` (the production settings over plain HTTP, plus the
   floor view) on 127.0.0.1, 4 sync workers, `--no-control-socket`;
4. runs `wrk -t2 -c8` against each endpoint in turn for `--duration` seconds, `--rounds` times,
   the endpoints interleaved so that a burst of load elsewhere on the machine falls on all;
5. prints the medians (requests per second, p50, p99), queries, the ratio to the floor and the
   targets missed, and writes them to `bench/results/latest.md`.

wrk comes from Debian (`apt-get install wrk`). Everything stays on the loopback.
"""

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hub_bench"
RESULTS = BASE_DIR / "bench" / "results" / "latest.md"
PYTHON = sys.executable
# Targets of issue 12, as ratios to the floor's requests per second and of p99 to p50.
TARGET_RATIO = 0.25
TARGET_TAIL = 4.0
WARM_UP_SECONDS = 2


def environment(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="hub.settings.bench",
        DATABASE_URL=database_url,
        PYTHONPATH=str(BASE_DIR),
    )
    return env


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


def manage(env, *args):
    subprocess.run(  # noqa: S603 -- the project's own manage.py, fixed arguments
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True
    )


def load_data_if_empty():
    from django.db import connection

    from bench import data
    from bulletin.models import BulletinPost

    if BulletinPost.objects.exists():
        return None
    started = time.perf_counter()
    data.load()
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would gather soon after a real import.
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


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
        ("floor", "/bench/floor/"),
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


def count_queries(paths):
    """SQL queries of one request to each path, after a first request warmed the caches."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        counts[path] = len(queries)
    return counts


def start_gunicorn(env, port, workers):
    log = open(BASE_DIR / "var" / "bench" / "gunicorn.log", "w")  # noqa: SIM115 -- closed with it
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
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor/", timeout=5)
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not answer within a minute: see var/bench/gunicorn.log")


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


def drain(port, workers):
    """Waits until the server has finished what wrk left queued: sync workers go on answering
    requests whose clients left, and a slow endpoint would slow the next one measured. One
    floor request per worker, sent at once, returns only once the queue before it is done."""
    url = f"http://127.0.0.1:{port}/bench/floor/"
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda _: urllib.request.urlopen(url, timeout=300).read(), range(workers)))


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def table(results, queries, floor_rps):
    lines = [
        "| endpoint | req/s | p50 ms | p99 ms | p99/p50 | queries | × floor | errors | misses |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, path, runs in results:
        rps = median([run["rps"] for run in runs])
        p50 = median([run["p50"] for run in runs])
        p99 = median([run["p99"] for run in runs])
        errors = sum(run["errors"] for run in runs)
        ratio = rps / floor_rps if floor_rps else 0
        tail = p99 / p50 if p50 and p99 else None
        misses = []
        if label != "floor" and ratio < TARGET_RATIO:
            misses.append(f"{TARGET_RATIO / ratio:.1f}× too slow" if ratio else "no answers")
        if tail is not None and tail >= TARGET_TAIL:
            misses.append(f"p99 {tail:.1f}× p50")
        lines.append(
            f"| {label} (`{path}`) | {rps:.1f} | {fmt(p50)} | {fmt(p99)} | {fmt(tail)} | "
            f"{queries[path]} | {ratio:.3f} | {errors} | {', '.join(misses) or 'none'} |"
        )
    return lines


def fmt(value):
    return "—" if value is None else f"{value:.1f}"


def machine_load():
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--timeout", type=int, default=10, help="wrk's request timeout, s")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", nargs="*", help="labels of the endpoints to run (and floor)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk (Debian), or your system's package.")

    database_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    env = environment(database_url)
    os.environ.update(env)
    (BASE_DIR / "var" / "bench").mkdir(parents=True, exist_ok=True)
    ensure_database(database_url)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")

    import django

    django.setup()
    load_seconds = load_data_if_empty()
    if load_seconds is not None:
        print(f"loaded the network-scale data set in {load_seconds:.0f} s")
    chosen = [
        (label, path)
        for label, path in endpoints()
        if not args.only or label == "floor" or label in args.only
    ]
    queries = count_queries([path for _, path in chosen])

    started = datetime.now(UTC)
    load_before = machine_load()
    server = start_gunicorn(env, args.port, args.workers)
    runs = {path: [] for _, path in chosen}
    try:
        # Each worker imports and caches lazily on its first requests: not what is measured.
        for _, path in chosen:
            run_wrk(f"http://127.0.0.1:{args.port}{path}", args, duration=WARM_UP_SECONDS)
            drain(args.port, args.workers)
        for round_number in range(1, args.rounds + 1):
            for label, path in chosen:
                run = run_wrk(f"http://127.0.0.1:{args.port}{path}", args)
                runs[path].append(run)
                drain(args.port, args.workers)
                print(
                    f"round {round_number} {label:<24} {run['rps']:8.1f} req/s  "
                    f"p50 {fmt(run['p50'])} ms  p99 {fmt(run['p99'])} ms",
                    flush=True,
                )
    finally:
        server.terminate()
        server.wait(timeout=30)

    conn_max_age = os.environ.get("DATABASE_CONN_MAX_AGE", "0")
    floor_rps = median([run["rps"] for run in runs["/bench/floor/"]])
    header = [
        f"# Benchmark, {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"- machine: {platform.node()}, {platform.platform()}, {os.cpu_count()} CPUs; "
        f"{load_before} before the run, {machine_load()} after",
        f"- data: {data_summary()}",
        f"- server: gunicorn, {args.workers} sync workers, hub.settings.bench (production "
        f"settings over HTTP); DATABASE_CONN_MAX_AGE={conn_max_age}; "
        f"cache: {'CACHE_URL' if os.environ.get('CACHE_URL') else 'local memory per worker'}",
        f"- load: wrk -t{args.threads} -c{args.connections}, {args.rounds} interleaved rounds "
        f"of {args.duration} s; medians over the rounds",
        f"- targets: every page ≥ {TARGET_RATIO}× the floor's req/s; p99 < {TARGET_TAIL}× p50",
        f'- command: make bench BENCH_ARGS="{" ".join(sys.argv[1:])}"',
        "",
    ]
    lines = header + table(
        [(label, path, runs[path]) for label, path in chosen], queries, floor_rps
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nwritten to {RESULTS.relative_to(BASE_DIR)}")


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
