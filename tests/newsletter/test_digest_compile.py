"""Compiling the next digest: exactly what was first published since the last cut-off, never
an item already closed, "Closing this week" whatever was sent before, and nothing when nothing
is new. The cut-off is ours, so an item is in one digest and one only, across the clock change."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bulletin.models import BulletinPost
from newsletter import digests
from newsletter.models import Digest, Section
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory

pytestmark = pytest.mark.django_db

# The clocks go back at 02:00 BST on 25 October 2026 (01:00 UTC).
NOW = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def indexes():
    home = make_site()
    return BulletinIndexPageFactory(parent=home), JobsIndexPageFactory(parent=home)


def post(index, title, published, **fields):
    return BulletinPostFactory(parent=index, title=title, first_published_at=published, **fields)


def compiled(digest):
    return [(item.page.title, item.section) for item in digest.digest_items.order_by("sort_order")]


def test_the_first_digest_takes_the_last_14_days_in_sections(indexes):
    bulletin, jobs = indexes
    post(bulletin, "Old news", NOW - timedelta(days=15))
    post(bulletin, "Fresh news", NOW - timedelta(days=1))
    post(bulletin, "Grant round", NOW - timedelta(days=2), funding=True)
    post(bulletin, "Say what you think", NOW - timedelta(days=3), consultation=True)
    post(bulletin, "Workshop", NOW - timedelta(days=4), event=True)
    post(bulletin, "From a member", NOW - timedelta(days=5), member_message=True)
    VacancyFactory(
        parent=jobs,
        title="Youth worker",
        first_published_at=NOW - timedelta(days=1),
        closes_at=NOW + timedelta(days=20),
    )
    digest, created = digests.compile_next(now=NOW)
    assert created and digest.number == 1
    assert (digest.period_start, digest.period_end) == (NOW - timedelta(days=14), NOW)
    assert compiled(digest) == [
        ("Grant round", Section.FUNDING),
        ("Youth worker", Section.JOBS),
        ("Say what you think", Section.CONSULTATIONS),
        ("Workshop", Section.EVENTS),
        ("Fresh news", Section.NEWS),
        ("From a member", Section.MEMBER_MESSAGES),
    ]


def test_closed_items_never_go_in(indexes):
    bulletin, jobs = indexes
    post(
        bulletin,
        "Closed survey",
        NOW - timedelta(days=1),
        consultation=True,
        deadline=NOW - timedelta(minutes=1),
    )
    post(
        bulletin,
        "Past event",
        NOW - timedelta(days=1),
        event=True,
        starts_at=NOW - timedelta(hours=2),
        ends_at=NOW - timedelta(hours=1),
    )
    VacancyFactory(
        parent=jobs, title="Closed job", first_published_at=NOW - timedelta(days=1), closes_at=NOW
    )
    post(bulletin, "Open news", NOW - timedelta(days=1))
    digest, _ = digests.compile_next(now=NOW)
    assert [title for title, _ in compiled(digest)] == ["Open news"]


def test_the_next_digest_starts_exactly_at_the_last_cut_off_across_the_clock_change(indexes):
    bulletin, _ = indexes
    # 01:30 London happens twice that night: these are 00:30 and 01:30 UTC.
    cut_off = datetime(2026, 10, 25, 0, 45, tzinfo=UTC)
    post(bulletin, "First 1:30am", datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    post(bulletin, "At the cut-off", cut_off)
    post(bulletin, "Second 1:30am", datetime(2026, 10, 25, 1, 30, tzinfo=UTC))
    first, _ = digests.compile_next(now=cut_off)
    assert [title for title, _ in compiled(first)] == ["At the cut-off", "First 1:30am"]
    Digest.objects.filter(pk=first.pk).update(status=Digest.Status.SENT)

    second, created = digests.compile_next(now=NOW)
    assert created and second.number == 2 and second.period_start == cut_off
    assert [title for title, _ in compiled(second)] == ["Second 1:30am"]


def test_nothing_new_means_no_digest(indexes):
    bulletin, _ = indexes
    post(bulletin, "Sent before", NOW - timedelta(days=1))
    first, _ = digests.compile_next(now=NOW)
    Digest.objects.filter(pk=first.pk).update(status=Digest.Status.SENT)
    # Only an old item closing this week: still nothing new.
    post(
        bulletin,
        "Old call",
        NOW - timedelta(days=30),
        funding=True,
        deadline=NOW + timedelta(days=3),
    )
    assert digests.compile_next(now=NOW + timedelta(days=7)) == (None, False)
    assert Digest.objects.count() == 1


def test_closing_this_week_repeats_open_deadlines_but_no_item_appears_twice(indexes):
    bulletin, jobs = indexes
    post(
        bulletin,
        "Old call",
        NOW - timedelta(days=30),
        funding=True,
        deadline=NOW + timedelta(days=6),
    )
    post(
        bulletin,
        "Later call",
        NOW - timedelta(days=30),
        funding=True,
        deadline=NOW + timedelta(days=8),
    )
    VacancyFactory(
        parent=jobs,
        title="New job closing",
        first_published_at=NOW - timedelta(days=1),
        closes_at=NOW + timedelta(days=2),
    )
    post(bulletin, "New news", NOW - timedelta(days=1))
    digest, _ = digests.compile_next(now=NOW)
    assert compiled(digest) == [
        ("New job closing", Section.CLOSING_THIS_WEEK),
        ("Old call", Section.CLOSING_THIS_WEEK),
        ("New news", Section.NEWS),
    ]


def test_the_open_digest_is_taken_rather_than_a_new_one_compiled(indexes):
    bulletin, _ = indexes
    post(bulletin, "News", NOW - timedelta(days=1))
    draft, created = digests.compile_next(now=NOW)
    post(bulletin, "More news", NOW + timedelta(hours=1))
    again, created_again = digests.compile_next(now=NOW + timedelta(hours=2))
    assert created and not created_again and again == draft


def test_the_database_refuses_two_digests_of_one_period(indexes):
    bulletin, _ = indexes
    post(bulletin, "News", NOW - timedelta(days=1))
    digest, _ = digests.compile_next(now=NOW)
    with pytest.raises(Exception, match="unique|UNIQUE"):
        Digest.objects.create(
            number=2, period_start=digest.period_start, period_end=NOW, subject="Twice"
        )


def test_compiling_runs_the_same_number_of_queries_for_5_and_50_items(indexes):
    bulletin, jobs = indexes
    digests.compile_next(now=NOW - timedelta(days=30))  # creates the settings row, first
    queries = {}
    for count in (5, 50):
        Digest.objects.all().delete()
        for number in range(len(BulletinPost.objects.all()), count):
            published = NOW - timedelta(hours=number + 1)
            post(bulletin, f"News {number}", published, funding=bool(number % 2))
            VacancyFactory(
                parent=jobs,
                first_published_at=published,
                closes_at=NOW + timedelta(days=number % 10 + 1),
            )
        with CaptureQueriesContext(connection) as captured:
            digest, _ = digests.compile_next(now=NOW)
        assert digest.digest_items.count() == 2 * count
        queries[count] = len(captured)
    assert queries[5] == queries[50], queries
