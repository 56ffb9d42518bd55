"""The home page's one "Closing soon": bulletin posts and vacancies merged soonest first, each
in its own card, and never repeated in a later section of the page."""

from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from hub import sections
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory, in_days
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory, at
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    home = make_site()
    return {
        "home": home,
        "bulletin": BulletinIndexPageFactory(parent=home),
        "jobs": JobsIndexPageFactory(parent=home),
    }


def home_page(client):
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(soup, selector):
    return [a.get_text() for a in soup.select(f"{selector} .card__title a")]


def post(site, title, days, **kwargs):
    return BulletinPostFactory(
        parent=site["bulletin"], title=title, consultation=True, deadline=in_days(days), **kwargs
    )


def vacancy(site, title, days_or_moment, **kwargs):
    closes_at = days_or_moment if isinstance(days_or_moment, datetime) else in_days(days_or_moment)
    return VacancyFactory(parent=site["jobs"], title=title, closes_at=closes_at, **kwargs)


def later_today():
    """Still today and still open whatever the time the tests run (in_days(0) is 5 pm)."""
    now = timezone.localtime()
    return min(now + timedelta(hours=2), now.replace(hour=23, minute=59, second=0))


def test_posts_and_vacancies_closing_soon_are_merged_soonest_first(client, site):
    post(site, "Survey in 5 days", 5)
    post(site, "Funding tomorrow", 1)
    vacancy(site, "Job in 2 days", 2)
    vacancy(site, "Job today", later_today(), employer_name="Lewisham Law Centre")
    # Not closing soon: a vacancy is "closing soon" in its last 3 days, a post in 14.
    vacancy(site, "Job in 10 days", 10)
    post(site, "Survey in 20 days", 20)
    post(site, "Closed survey", -1)

    soup = home_page(client)
    assert titles(soup, ".home-deadlines") == [
        "Job today",
        "Funding tomorrow",
        "Job in 2 days",
        "Survey in 5 days",
    ]
    cards = soup.select(".home-deadlines .card")
    # Each item keeps its own app's card: a vacancy card with its employer and facts, a post
    # card with its kind and status.
    assert "jobs-card" in cards[0]["class"]
    assert cards[0].select_one(".jobs-card__organisation").get_text() == "Lewisham Law Centre"
    assert cards[0].select_one(".jobs-closing-soon").get_text(strip=True) == "Closes today"
    assert "bulletin-card" in cards[1]["class"]
    assert cards[1].select_one(".status").get_text(strip=True) == "Closes tomorrow"
    assert cards[3].select_one(".status").get_text(strip=True) == "Closing soon: 5 days left"
    links = [a["href"] for a in soup.select(".home-deadlines__links a")]
    assert links == ["/bulletin/?status=open&sort=closing", "/jobs/"]


def test_closing_soon_is_cut_to_its_limit_across_apps(client, site):
    for number in range(sections.HOME_CLOSING_SOON):
        post(site, f"Post {number}", 1 + number)
    vacancy(site, "Job today", later_today())
    shown = titles(home_page(client), ".home-deadlines")
    assert len(shown) == sections.HOME_CLOSING_SOON
    assert shown[0] == "Job today"
    assert f"Post {sections.HOME_CLOSING_SOON - 1}" not in shown


def test_no_item_repeats_between_the_sections_of_the_home_page(client, site):
    now_ish = in_days(0)
    post(site, "Closing survey", 3, first_published_at=now_ish)
    BulletinPostFactory(parent=site["bulletin"], title="Fresh news")
    vacancy(site, "Closing job", 1)
    vacancy(site, "Later job", 20)
    vacancy(site, "Much later job", 40)

    soup = home_page(client)
    closing = titles(soup, ".home-deadlines")
    latest = titles(soup, ".home-bulletin")
    jobs = titles(soup, ".home-jobs")
    assert closing == ["Closing job", "Closing survey"]
    assert latest == ["Fresh news"]
    assert jobs == ["Later job", "Much later job"]
    everything = closing + latest + jobs
    assert len(everything) == len(set(everything))


def test_the_jobs_section_shows_the_soonest_closing_vacancies_and_the_count(client, site):
    for days in (40, 20, 30, 10, 50):
        vacancy(site, f"Job in {days} days", days)
    vacancy(site, "Closed job", -1)

    section = home_page(client).select_one(".home-jobs")
    assert [a.get_text() for a in section.select(".card__title a")] == [
        "Job in 10 days",
        "Job in 20 days",
        "Job in 30 days",
    ]
    count = section.select_one(".home-jobs__count a")
    assert count.get_text(strip=True) == "5 open vacancies on the jobs board"
    assert count["href"] == "/jobs/"
    # Cards on the home page say when each vacancy closes, as the board's cards do.
    assert "Closes 5pm," in section.select(".card")[0].get_text(" ", strip=True)


def test_the_jobs_section_counts_vacancies_shown_under_closing_soon(client, site):
    vacancy(site, "Closing job", 1)
    soup = home_page(client)
    assert titles(soup, ".home-jobs") == []
    assert soup.select_one(".home-jobs__count a").get_text(strip=True) == (
        "1 open vacancy on the jobs board"
    )


def test_nothing_closing_soon_says_so(client, site):
    vacancy(site, "Later job", 20)
    section = home_page(client).select_one(".home-deadlines")
    assert "Nothing is closing soon." in section.get_text()


def fill(site, count, start):
    for number in range(start, start + count):
        post(site, f"Closing post {number}", 1 + number % 10, tags=["Data"])
        BulletinPostFactory(parent=site["bulletin"], title=f"News {number}", tags=["Youth"])
        vacancy(site, f"Closing job {number}", number % 3)
        vacancy(site, f"Later job {number}", 10 + number)


def test_home_page_queries_do_not_grow_with_items(client, site):
    fill(site, 5, 0)
    five = count_queries(client, "/")
    soup = home_page(client)
    assert len(titles(soup, ".home-deadlines")) == sections.HOME_CLOSING_SOON
    assert len(titles(soup, ".home-jobs")) == 3
    fill(site, 45, 5)
    assert count_queries(client, "/") == five


def test_a_vacancy_leaves_closing_soon_at_its_closing_minute(client, site):
    job = vacancy(site, "Closing job", 1)
    with at(job.closes_at - timedelta(minutes=1)):
        assert titles(home_page(client), ".home-deadlines") == ["Closing job"]
    with at(job.closes_at):
        assert titles(home_page(client), ".home-deadlines") == []


def test_a_home_page_without_dated_content_has_no_closing_soon_section(client):
    make_site()
    assert home_page(client).select(".home-deadlines") == []
