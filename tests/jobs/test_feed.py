"""The jobs board's RSS feed, read back with feedparser: open vacancies only, newest first,
each with where, pay, hours and the closing date; linked from the board; filtered like it."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import feedparser
import pytest
from bs4 import BeautifulSoup

from hub.deadlines import format_date
from jobs.choices import ContractType, Location, SalaryPeriod, WorkingPattern
from members.models import Borough
from tests.bulletin.factories import in_days
from tests.jobs.factories import VacancyFactory, make_jobs_board
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def jobs():
    return make_jobs_board()


def parse(client, url, data=None):
    response = client.get(url, data)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    return feedparser.parse(response.content)


@pytest.fixture
def vacancies(jobs):
    organisation = OrganisationFactory(name="Hedgehog Rescue", slug="hedgehog-rescue")
    return {
        "older": VacancyFactory(
            parent=jobs,
            title="Youth worker",
            slug="youth-worker",
            organisation=organisation,
            location=Location.BOROUGH,
            borough=Borough.objects.get(slug="southwark"),
            place="Peckham",
            working_pattern=WorkingPattern.HYBRID,
            hours_per_week=Decimal(35),
            contract_type=ContractType.PERMANENT,
            salary_min=Decimal(32000),
            salary_max=Decimal(34000),
            salary_period=SalaryPeriod.YEAR,
            closes_at=in_days(30),
            first_published_at=PUBLISHED,
            tags=["Youth", "Outreach"],
        ),
        "newer": VacancyFactory(
            parent=jobs,
            title="Trainer",
            slug="trainer",
            closes_at=in_days(20),
            first_published_at=PUBLISHED + timedelta(days=1),
        ),
        "closed": VacancyFactory(
            parent=jobs,
            title="Gone",
            closes_at=in_days(-1),
            first_published_at=PUBLISHED + timedelta(days=2),
        ),
        "draft": VacancyFactory(parent=jobs, title="Draft", live=False),
    }


def test_the_feed_lists_open_vacancies_newest_first(client, jobs, vacancies):
    feed = parse(client, f"{jobs.url}feed/")
    assert feed.version == "rss20"
    assert feed.feed.title == "Jobs board: open vacancies"
    assert feed.feed.link == "http://testserver/jobs/"
    assert [entry.title for entry in feed.entries] == [
        "Trainer, Peckham Community Kitchen",
        "Youth worker, Hedgehog Rescue",
    ]
    assert [entry.link for entry in feed.entries] == [
        "http://testserver/jobs/trainer/",
        "http://testserver/jobs/youth-worker/",
    ]


def test_each_item_carries_location_salary_hours_and_closing_date(client, jobs, vacancies):
    entry = parse(client, f"{jobs.url}feed/").entries[1]
    lines = [p.get_text() for p in BeautifulSoup(entry.description, "html.parser").select("p")]
    assert lines == [
        "What the Youth worker job involves.",
        "Employer: Hedgehog Rescue",
        "Location: Peckham, Southwark (hybrid)",
        "Salary: £32,000 to £34,000 a year",
        "Hours: 35 hours a week (full time), permanent",
        f"Closing date: 5pm, {format_date(in_days(30))} (London time)",
    ]
    assert entry.published_parsed[:5] == (2026, 11, 2, 9, 0)
    assert [tag.term for tag in entry.tags] == ["Youth", "Outreach"]
    assert entry.author == "Hedgehog Rescue"


def test_the_board_links_to_its_feed(client, jobs, vacancies):
    html = BeautifulSoup(client.get(jobs.url).content, "html.parser")
    alternate = html.select_one('link[rel="alternate"][type="application/rss+xml"]')
    assert alternate["href"] == f"{jobs.url}feed/"
    assert alternate["title"] == "Jobs board: open vacancies (RSS)"
    visible = html.select_one('.get-updates a[href*="/feed/"]')
    assert visible["href"] == f"{jobs.url}feed/"


def test_a_filtered_board_links_to_a_feed_with_the_same_filters(client, jobs, vacancies):
    query = {"location": "southwark", "contract": "permanent", "sort": "newest", "hours": "x"}
    html = BeautifulSoup(client.get(jobs.url, query).content, "html.parser")
    alternate = html.select_one('link[rel="alternate"][type="application/rss+xml"]')
    # The order and values we ignored stay out of it.
    assert alternate["href"] == f"{jobs.url}feed/?location=southwark&contract=permanent"
    assert alternate["title"] == "Jobs board: open vacancies (Southwark, Permanent) (RSS)"
    visible = html.select_one('.get-updates a[href*="/feed/"]')
    assert visible["href"] == alternate["href"]
    feed = parse(client, alternate["href"])
    assert feed.feed.title == "Jobs board: open vacancies (Southwark, Permanent)"
    assert feed.feed.link == "http://testserver/jobs/?location=southwark&contract=permanent"
    assert [entry.title for entry in feed.entries] == ["Youth worker, Hedgehog Rescue"]


def test_unknown_filters_in_the_feed_are_ignored(client, jobs, vacancies):
    feed = parse(client, f"{jobs.url}feed/", {"location": "atlantis", "salary": "<b>"})
    assert feed.feed.title == "Jobs board: open vacancies"
    assert len(feed.entries) == 2


def test_an_empty_board_has_an_empty_feed(client, jobs):
    feed = parse(client, f"{jobs.url}feed/")
    assert feed.entries == []
