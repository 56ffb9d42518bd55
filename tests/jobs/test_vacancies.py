"""The jobs board: open vacancies listed, closed ones marked, counts on the home page and
member profiles, a fixed query cost and search."""

import pytest
from bs4 import BeautifulSoup

from jobs.models import Vacancy
from tests.bulletin.factories import in_days
from tests.jobs.factories import VacancyFactory, make_jobs_board
from tests.members.factories import OrganisationFactory, make_directory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs():
    return make_jobs_board()


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def listed_titles(client, url, data=None):
    html = soup(client.get(url, data))
    return [h.get_text(strip=True) for h in html.select(".jobs-list .card__title")]


def test_index_lists_only_open_live_vacancies_soonest_closing_first(client, jobs):
    VacancyFactory(parent=jobs, title="Closes later", closes_at=in_days(20))
    VacancyFactory(parent=jobs, title="Closes soon", closes_at=in_days(2))
    VacancyFactory(parent=jobs, title="Closed", closes_at=in_days(-1))
    VacancyFactory(parent=jobs, title="Draft", live=False)
    assert listed_titles(client, jobs.url) == ["Closes soon", "Closes later"]
    assert "2 open vacancies, closing soonest first." in soup(client.get(jobs.url)).text


def test_index_says_when_nothing_is_open(client, jobs):
    VacancyFactory(parent=jobs, closes_at=in_days(-3))
    html = soup(client.get(jobs.url))
    assert "No vacancies are open right now." in html.text
    assert "Vacancies at member organisations." in html.text


def test_index_paginates_twenty_a_page(client, jobs):
    for number in range(25):
        VacancyFactory(parent=jobs, title=f"Job {number:02}", closes_at=in_days(number + 1))
    assert len(listed_titles(client, jobs.url)) == 20
    assert listed_titles(client, jobs.url, {"page": 2}) == [f"Job {n:02}" for n in range(20, 25)]


def test_index_costs_the_same_queries_for_5_or_50_vacancies(client, jobs):
    organisation = OrganisationFactory()
    for number in range(5):
        VacancyFactory(parent=jobs, organisation=organisation, closes_at=in_days(number + 1))
    few = count_queries(client, jobs.url)
    for _ in range(45):
        VacancyFactory(parent=jobs, organisation=OrganisationFactory(), closes_at=in_days(10))
    assert count_queries(client, jobs.url) == few
    assert count_queries(client, jobs.url, {"page": 3}) == few


def test_open_vacancy_page_shows_the_job_and_an_apply_button(client, jobs):
    directory = make_directory(jobs.get_parent())
    organisation = OrganisationFactory(name="Southwark Travellers Action Group")
    vacancy = VacancyFactory(
        parent=jobs, title="Youth worker", organisation=organisation, closes_at=in_days(3)
    )
    html = soup(client.get(vacancy.url))
    assert [h.get_text() for h in html.select("h1")] == ["Youth worker"]
    assert html.find("a", string="Southwark Travellers Action Group")["href"] == (
        f"{directory.url}southwark-travellers-action-group/"
    )
    text = " ".join(html.text.split())
    for fact in (
        "London-wide, based in Peckham",
        "£14.50 an hour",
        "14 hours a week, fixed term (6 months)",
    ):
        assert fact in text
    assert "Closes 5pm, " in text and "(in 3 days)" in text
    assert html.select_one("a.button")["href"] == vacancy.apply_url
    assert [a.get_text() for a in html.select("nav.breadcrumbs a")] == [
        "Home",
        "Jobs board",
        "Youth worker",
    ]


def test_unlisted_organisation_is_named_without_a_link(client, jobs):
    make_directory(jobs.get_parent())
    lapsed = OrganisationFactory(name="Lapsed Group", live=False)
    vacancy = VacancyFactory(parent=jobs, organisation=lapsed)
    html = soup(client.get(vacancy.url))
    assert "Lapsed Group" in html.text
    assert html.find("a", string="Lapsed Group") is None


def test_closed_vacancy_page_says_so_and_offers_no_apply_link(client, jobs):
    vacancy = VacancyFactory(parent=jobs, closes_at=in_days(-7))
    html = soup(client.get(vacancy.url))
    text = " ".join(html.text.split())
    assert "This vacancy closed at 5pm, " in text
    assert "Applications are no longer accepted." in text
    assert html.select("a.button") == []
    assert vacancy.apply_url not in str(html)


@pytest.mark.parametrize(
    ("open_count", "wording"),
    [
        (0, "No open vacancies right now"),
        (1, "1 open vacancy on the jobs board"),
        (3, "3 open vacancies on the jobs board"),
    ],
)
def test_home_page_counts_open_vacancies_and_links_to_the_board(client, jobs, open_count, wording):
    for _ in range(open_count):
        VacancyFactory(parent=jobs)
    VacancyFactory(parent=jobs, closes_at=in_days(-1))
    link = soup(client.get("/")).select_one(".home-jobs .home-jobs__count a")
    assert link.get_text(strip=True) == wording
    assert link["href"] == jobs.url


def test_home_page_has_no_jobs_section_without_a_board(client, home):
    assert soup(client.get("/")).select(".home-jobs") == []


def test_profile_lists_the_organisations_open_vacancies_only(client, jobs):
    make_directory(jobs.get_parent())
    organisation = OrganisationFactory()
    VacancyFactory(parent=jobs, title="Open here", organisation=organisation)
    VacancyFactory(
        parent=jobs, title="Closed here", organisation=organisation, closes_at=in_days(-1)
    )
    VacancyFactory(parent=jobs, title="Draft here", organisation=organisation, live=False)
    VacancyFactory(parent=jobs, title="Open elsewhere", organisation=OrganisationFactory())
    html = soup(client.get(organisation.get_absolute_url()))
    assert html.find("h2", string=f"Open vacancies at {organisation.name}")
    assert [a.get_text() for a in html.select("h3.card__title a")] == ["Open here"]


def test_site_search_finds_a_vacancy(client, jobs):
    VacancyFactory(parent=jobs, title="Outreach worker", place="Lewisham")
    response = client.get("/search/", {"q": "Lewisham"})
    assert "Outreach worker" in response.content.decode()


def test_queryset_splits_open_from_closed(jobs):
    soon = VacancyFactory(parent=jobs, closes_at=in_days(1))
    gone = VacancyFactory(parent=jobs, closes_at=in_days(-1))
    assert list(Vacancy.objects.open()) == [soon]
    assert list(Vacancy.objects.closed()) == [gone]


def test_site_search_finds_a_vacancy_by_its_organisation(client, jobs):
    organisation = OrganisationFactory(name="Hedgehog Rescue Collective")
    VacancyFactory(parent=jobs, title="Night carer", organisation=organisation)
    response = client.get("/search/", {"q": "Hedgehog"})
    assert "Night carer" in response.content.decode()
