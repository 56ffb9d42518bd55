"""What `make bench` does inside Django, against the database DATABASE_URL names; `bench/server.py`
runs it in a subprocess per database (hub.settings.bench, the page cache off):

- `load --size network|small`: loads that data set (`bench/data.py`) if the database has no
  posts yet, then VACUUM ANALYZE, as autovacuum would soon after a real import;
- `scaling --output FILE`: the scaling figures, as JSON. Search, the calendars and the sitemap,
  requested through Django's test client: the SQL queries of one request and the times of
  `--repeat` after one that warms the caches. With `--digest-sizes`, the newsletter digest
  compiled (`newsletter.digests.compile_next`) and rendered as email
  (`newsletter.rendering.render_email`, what goes to Mailchimp, but nothing is sent) over that
  many new items since the last issue. The items are inserted in bulk in a transaction rolled
  back at the end, so the database keeps its data set.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.bench")
# The scaling figures are what a page costs to make: never a page served from the cache.
os.environ["PAGE_CACHE_SECONDS"] = "0"
os.environ["CONTENT_CACHE_SECONDS"] = "0"

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import resolve  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import data  # noqa: E402
from bulletin.models import BulletinIndexPage, BulletinPost  # noqa: E402
from newsletter.digests import compile_next, open_digest  # noqa: E402
from newsletter.models import Digest  # noqa: E402
from newsletter.rendering import render_email  # noqa: E402

# What Mailchimp replaces with each reader's own link.
UNSUBSCRIBE_MERGE_TAG = "*|UNSUB|*"


def load(size):
    if BulletinPost.objects.exists():
        return None
    started = time.perf_counter()
    data.load(size)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def scaling_pages():
    """(label, path) of the pages whose cost grows with the number of posts."""
    bulletin = BulletinIndexPage.objects.live().first().url
    client = Client(HTTP_HOST="127.0.0.1")
    index = client.get("/sitemap.xml").content.decode()
    last_page = index.count("<loc>")
    return [
        ("search", "/search/?q=equality"),
        ("site calendar", "/calendar.ics"),
        ("bulletin calendar", f"{bulletin}calendar/"),
        ("sitemap.xml", "/sitemap.xml"),
        ("sitemap, page 2", "/sitemap-pages.xml?p=2"),
        ("sitemap, last page", f"/sitemap-pages.xml?p={last_page}"),
    ]


def measure_pages(repeat):
    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for label, path in scaling_pages():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        # Read now: every request clears the connection's log of queries.
        queries = len(captured)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "label": label,
                "path": path,
                "queries": queries,
                "timings_ms": timings,
                "kb": len(response.content) / 1024,
            }
        )
    return rows


def measure_digest(size, repeat, now=None):
    """Compile and render times of the digest over `size` new items, the median of `repeat`,
    each from no draft (a savepoint rolled back), and the queries of the first."""
    now = now or timezone.now()
    if open_digest():
        raise SystemExit("The bench database has a digest not yet sent: compile would reuse it.")
    with transaction.atomic():
        cut_off = data.new_items(size, now)
        with connection.cursor() as cursor:
            # As autovacuum would after so many new rows; rolled back with them.
            cursor.execute("ANALYZE wagtailcore_page, bulletin_bulletinpost, jobs_vacancy")
        last = Digest.objects.order_by("-number").first()
        Digest.objects.create(
            number=last.number + 1 if last else 1,
            period_start=cut_off - timedelta(days=14),
            period_end=cut_off,
            status=Digest.Status.SENT,
            subject="The previous issue",
        )
        compiles, renders = [], []
        for attempt in range(repeat):
            with transaction.atomic():
                with CaptureQueriesContext(connection) as compiled:
                    started = time.perf_counter()
                    digest, created = compile_next(now=now)
                    compiles.append((time.perf_counter() - started) * 1000)
                with CaptureQueriesContext(connection) as rendered:
                    started = time.perf_counter()
                    html, text = render_email(digest, UNSUBSCRIBE_MERGE_TAG)
                    renders.append((time.perf_counter() - started) * 1000)
                if attempt == 0:
                    items = digest.digest_items.count()
                    if not created or items < size:
                        raise SystemExit(f"The digest holds {items} items, not {size} new ones.")
                    row = {
                        "new": size,
                        "items": items,
                        "compile_queries": len(compiled),
                        "render_queries": len(rendered),
                        "html_kb": len(html) / 1024,
                        "text_kb": len(text) / 1024,
                    }
                transaction.set_rollback(True)
        transaction.set_rollback(True)
    return row | {
        "compile_ms": statistics.median(compiles),
        "render_ms": statistics.median(renders),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    loading = commands.add_parser("load", help="load a data set into an empty database")
    loading.add_argument("--size", choices=sorted(data.SIZES), default="network")
    scaling = commands.add_parser("scaling", help="measure the scaling figures")
    scaling.add_argument("--output", type=Path, required=True, help="where the JSON goes")
    scaling.add_argument("--repeat", type=int, default=5, help="timed requests per page")
    scaling.add_argument("--digest-sizes", type=int, nargs="*", default=[])
    scaling.add_argument("--digest-repeat", type=int, default=3, help="timed compiles per size")
    args = parser.parse_args()

    if args.command == "load":
        seconds = load(args.size)
        if seconds is not None:
            print(f"loaded the {args.size} data set in {seconds:.0f} s", flush=True)
        return
    result = {
        "posts": BulletinPost.objects.count(),
        "pages": measure_pages(args.repeat),
        "digest": [],
    }
    if args.digest_sizes:
        # Every process of the site has loaded its URLs, and with them Wagtail's admin hooks: a
        # saved digest then also updates Wagtail's reference index, as in production.
        resolve("/")
        result["digest"] = [measure_digest(size, args.digest_repeat) for size in args.digest_sizes]
    args.output.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
