"""Benchmark: SQL queries and server time per page as content grows.

Builds a throwaway test database (SQLite, or PostgreSQL when DATABASE_URL names one), fills it
at each size, requests each page through Django's test client and prints, per page and size,
the number of SQL queries and the median and 90th-percentile time of a request. Figures, not
pass/fail: the tests assert query counts; this shows what they cost.

Run with `make bench` (options: `make bench BENCH_ARGS="--sizes 10 200 --repeat 30"`)."""

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
from django.test.utils import setup_test_environment  # noqa: E402

from bench import scenarios  # noqa: E402
from tests.queries import count_queries  # noqa: E402


def measure(client, url, repeat):
    queries = count_queries(client, url)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return queries, statistics.median(timings), timings[int(len(timings) * 0.9) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=20)
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
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
