"""Benchmark: SQL queries and server time per page, and per digest compile, as content grows.

Builds a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL names one), fills it
at each size, requests each page through Django's test client and prints, per page and size,
the number of SQL queries and the median and 90th-percentile time of a request. Then it compiles
the newsletter digest (`newsletter.digests.compile_next`) over 50, 500 and 5,000 new posts and
vacancies and prints the same figures for one compile, each compile starting from no digest.
Figures, not pass/fail: the tests assert query counts; this shows what they cost.

Run with `.venv/bin/python bench/run.py` (options: `--sizes 10 200 --repeat 30 --digest-sizes
50 500`; `--digest-sizes` with no sizes skips the digest). `make bench` runs the other benchmark,
at network scale under load: `bench/server.py`."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")

import django

django.setup()

from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import resolve  # noqa: E402

from bench import scenarios  # noqa: E402
from newsletter import digests  # noqa: E402
from newsletter.models import Digest  # noqa: E402
from tests.queries import count_queries  # noqa: E402


def measure(client, url, repeat):
    queries = count_queries(client, url)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return summary(queries, timings)


def summary(queries, timings):
    timings.sort()
    return queries, statistics.median(timings), timings[int(len(timings) * 0.9) - 1]


def measure_digest(now, size, repeat):
    """Queries of one compile of the digest cut off at `now`, and its times. Each compile starts
    from no digest: the rows of the one before are deleted first, outside what is measured."""
    # A first compile creates the site's newsletter settings row, as for every run after it.
    digests.compile_next(now=now)
    Digest.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        digest, _ = digests.compile_next(now=now)
    found = digest.digest_items.count() if digest else 0
    if found != size:
        raise RuntimeError(f"The digest holds {found} items, not the {size} built for it.")
    timings = []
    for _ in range(repeat):
        Digest.objects.all().delete()
        started = time.perf_counter()
        digests.compile_next(now=now)
        timings.append((time.perf_counter() - started) * 1000)
    Digest.objects.all().delete()
    return summary(len(queries), timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--digest-sizes",
        type=int,
        nargs="*",
        default=[50, 500, 5000],
        help="new items in the digest, for the digest part only (default: 50 500 5000, "
        "which takes a few minutes, most of it building the 5,000 pages; none skips it)",
    )
    parser.add_argument("--digest-repeat", type=int, default=10, help="timed compiles per row")
    args = parser.parse_args()

    setup_test_environment()
    # As Django's test runner does: keep the one connection (and its test database) open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        client = Client()
        print(f"database: {connection.vendor}; {args.repeat} timed requests per row")
        print(f"{'page':<34}{'items':>7}{'queries':>9}{'median ms':>11}{'p90 ms':>9}")
        for size in args.sizes:
            for label, url in scenarios.build(size):
                queries, median, p90 = measure(client, url, args.repeat)
                print(f"{label:<34}{size:>7}{queries:>9}{median:>11.1f}{p90:>9.1f}")
        if args.digest_sizes:
            # Wagtail's admin is loaded, as in every process of the site: saving a digest then
            # also updates Wagtail's reference index (the requests above load it too).
            resolve("/")
            now = scenarios.digest_cut_off()
            print(f"newsletter digest: {args.digest_repeat} timed compiles per row")
            print(f"{'compile':<34}{'items':>7}{'queries':>9}{'median ms':>11}{'p90 ms':>9}")
            for size in args.digest_sizes:
                scenarios.build_digest(size, now)
                queries, median, p90 = measure_digest(now, size, args.digest_repeat)
                label = "compile_next, from no digest"
                print(f"{label:<34}{size:>7}{queries:>9}{median:>11.1f}{p90:>9.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
