"""The closing minute, pinned: the board (filtered or not), the vacancy page with its apply
links and JobPosting data, the RSS feed, the wording and the home page count agree one minute
before, at, and one minute after `closes_at`, including vacancies that close in the hour the
clocks skip in spring and in the repeated hour when they go back. No job runs in between."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup

from hub.deadlines import LONDON
from jobs.models import Vacancy
from tests.jobs.factories import VacancyFactory, at, make_jobs_board

pytestmark = pytest.mark.django_db

# 5pm on an ordinary Thursday, and 1:30am on the night the clocks go back: London passes
# 1:30am twice that night, first in summer time (00:30 UTC) and then in GMT (01:30 UTC).
# Moments are kept in UTC, because Python adds minutes to a London time by the wall clock.
ORDINARY = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
FIRST_HALF_PAST_ONE = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
SECOND_HALF_PAST_ONE = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
# In spring London jumps from 1am GMT to 2am BST: 2am BST is 1am UTC, and the minute before it
# is 12:59am GMT.
SPRING_FORWARD = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)

CASES = [
    pytest.param(ORDINARY, "5pm, Thursday 3 December 2026", id="ordinary"),
    pytest.param(SECOND_HALF_PAST_ONE, "1:30am, Sunday 25 October 2026", id="clocks-go-back"),
    pytest.param(SPRING_FORWARD, "2am, Sunday 29 March 2026", id="clocks-go-forward"),
]


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(("closes_at", "words"), CASES)
@pytest.mark.parametrize("minutes", [-1, 0, 1])
def test_board_page_wording_and_home_count_agree_at_the_closing_minute(
    client, closes_at, words, minutes
):
    jobs = make_jobs_board()
    vacancy = VacancyFactory(parent=jobs, title="Partnerships Officer", closes_at=closes_at)
    now = closes_at + timedelta(minutes=minutes)
    is_open = minutes < 0

    with at(now):
        board = page_text(client, jobs.url)
        page = page_text(client, vacancy.url)
        home = page_text(client, "/")

    assert Vacancy.objects.open(now).filter(pk=vacancy.pk).exists() is is_open
    assert vacancy.is_open(now) is is_open
    assert ("Partnerships Officer" in board.text) is is_open
    assert (page.find("a", class_="button") is not None) is is_open
    assert (page.select_one('script[type="application/ld+json"]') is not None) is is_open
    assert (page.select_one(".notice--closed") is None) is is_open
    assert ("This vacancy closed at" in page.text) is not is_open
    home_jobs = home.select_one(".home-jobs").get_text(" ", strip=True)
    if is_open:
        assert vacancy.deadline_text(now) == f"Closes {words} (today)"
        assert f"Closes {words} (today)" in page.text
        assert "1 open vacancy" in home_jobs
    else:
        assert vacancy.deadline_text(now) == "Closed"
        assert f"This vacancy closed at {words}" in page.get_text(" ", strip=True)
        assert "No open vacancies right now" in home_jobs


def test_the_first_half_past_one_is_an_hour_before_the_closing_moment():
    """At 1:30am summer time the vacancy that closes at 1:30am GMT is still open, for an hour."""
    jobs = make_jobs_board()
    vacancy = VacancyFactory(parent=jobs, closes_at=SECOND_HALF_PAST_ONE)
    first, second = (
        moment.astimezone(LONDON) for moment in (FIRST_HALF_PAST_ONE, SECOND_HALF_PAST_ONE)
    )
    assert (first.hour, first.minute, first.tzname()) == (1, 30, "BST")
    assert (second.hour, second.minute, second.tzname()) == (1, 30, "GMT")
    assert vacancy.is_open(FIRST_HALF_PAST_ONE)
    assert vacancy.deadline_status(FIRST_HALF_PAST_ONE) == "closing_soon"
    assert Vacancy.objects.closing_soon(FIRST_HALF_PAST_ONE).filter(pk=vacancy.pk).exists()
    assert vacancy.deadline_text(FIRST_HALF_PAST_ONE) == (
        "Closes 1:30am, Sunday 25 October 2026 (today)"
    )


@pytest.mark.parametrize(("closes_at", "words"), CASES)
@pytest.mark.parametrize("minutes", [-1, 0, 1])
def test_filtered_board_and_feed_drop_the_vacancy_at_the_closing_minute(
    client, closes_at, words, minutes
):
    jobs = make_jobs_board()
    VacancyFactory(parent=jobs, title="Partnerships Officer", closes_at=closes_at)
    VacancyFactory(parent=jobs, title="Stays open", closes_at=closes_at + timedelta(days=30))
    now = closes_at + timedelta(minutes=minutes)
    expected = ["Partnerships Officer", "Stays open"] if minutes < 0 else ["Stays open"]

    with at(now):
        board = page_text(client, jobs.url + "?location=london-wide&contract=fixed-term")
        feed = feedparser.parse(client.get(jobs.url + "feed/").content)

    assert [a.get_text() for a in board.select(".jobs-list .card__title a")] == expected
    count = board.select_one(".jobs-results__count").get_text(strip=True)
    assert count.startswith(f"{len(expected)} open vacanc")
    assert sorted(entry.title.split(",")[0] for entry in feed.entries) == expected
    if minutes < 0:
        card = board.select_one(".jobs-list .card")
        assert card.select_one(".jobs-closing-soon").get_text(strip=True) == "Closes today"
        assert f"Closes {words} (today)" in card.get_text(" ", strip=True)


def test_clocks_go_forward_wording_counts_london_days():
    """The day before the clocks go forward is 23 hours long; "tomorrow" still means the next
    London date."""
    jobs = make_jobs_board()
    vacancy = VacancyFactory(parent=jobs, closes_at=SPRING_FORWARD)
    evening_before = datetime(2026, 3, 28, 20, 0, tzinfo=UTC)
    assert vacancy.deadline_text(evening_before) == "Closes 2am, Sunday 29 March 2026 (tomorrow)"
    assert vacancy.closes_at.astimezone(LONDON).tzname() == "BST"
