"""The jobs board in a real Chromium: axe-core and reflow on the board and on vacancy pages."""

import pytest
from playwright.sync_api import expect

from tests.bulletin.factories import in_days
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.members.factories import OrganisationFactory, make_directory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def jobs_board():
    home = make_site()
    make_directory(home)
    index = JobsIndexPageFactory(parent=home, show_in_menus=True)
    organisation = OrganisationFactory(name="Southwark Travellers Action Group")
    return {
        "index": index,
        "open": VacancyFactory(
            parent=index,
            slug="youth-worker",
            title="Sessional Youth Engagement Worker",
            organisation=organisation,
            closes_at=in_days(3),
        ),
        "later": VacancyFactory(parent=index, title="Policy Officer", closes_at=in_days(30)),
        "closed": VacancyFactory(
            parent=index,
            slug="advice-coordinator",
            title="Advice Coordinator",
            closes_at=in_days(-7),
        ),
    }


def test_jobs_board_lists_open_vacancies_accessibly(
    live_server, page, jobs_board, assert_accessible, assert_reflows
):
    url = live_server.url + jobs_board["index"].url
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Jobs board")
    expect(page.get_by_role("main").get_by_role("heading", level=2)).to_have_text(
        ["Sessional Youth Engagement Worker", "Policy Officer"]
    )
    assert_accessible(page)
    assert_reflows(page, url)


def test_open_vacancy_is_reached_from_the_board_and_offers_apply(
    live_server, page, jobs_board, assert_accessible, assert_reflows
):
    page.goto(live_server.url + jobs_board["index"].url)
    page.get_by_role("link", name="Sessional Youth Engagement Worker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sessional Youth Engagement Worker")
    expect(page.get_by_role("link", name="Southwark Travellers Action Group")).to_be_visible()
    expect(
        page.get_by_role("link", name="Apply for Sessional Youth Engagement Worker")
    ).to_be_visible()
    assert_accessible(page)
    assert_reflows(page, page.url)


def test_closed_vacancy_says_so_accessibly(
    live_server, page, jobs_board, assert_accessible, assert_reflows
):
    url = live_server.url + jobs_board["closed"].url
    page.goto(url)
    expect(page.get_by_text("applications are no longer accepted")).to_be_visible()
    expect(page.get_by_role("link", name="Apply", exact=False)).to_have_count(0)
    assert_accessible(page)
    assert_reflows(page, url)
