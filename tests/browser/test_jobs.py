"""The jobs board in a real Chromium: axe-core and reflow on the board (with and without
filters) and on open and closed vacancy pages."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from jobs.choices import Ending, Location
from tests.bulletin.factories import in_days
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory, add_document
from tests.members.factories import BoroughFactory, OrganisationFactory, make_directory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def jobs_board(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    home = make_site()
    make_directory(home)
    # Transactional tests flush the boroughs the data migration made.
    southwark = BoroughFactory(name="Southwark", slug="southwark")
    BoroughFactory(name="Lewisham", slug="lewisham")
    index = JobsIndexPageFactory(parent=home, show_in_menus=True)
    organisation = OrganisationFactory(name="Southwark Travellers Action Group")
    youth_worker = VacancyFactory(
        parent=index,
        slug="youth-worker",
        title="Sessional Youth Engagement Worker",
        organisation=organisation,
        location=Location.BOROUGH,
        borough=southwark,
        apply_email="jobs@stag.example",
        benefits="Pension and 25 days' leave",
        equality_statement="We welcome applications from Gypsy and Traveller people.",
        closes_at=in_days(2),
        tags=["Youth"],
    )
    add_document(youth_worker)
    filled = VacancyFactory(parent=index, title="Caseworker", closes_at=in_days(10))
    filled.end(Ending.FILLED, user=None)
    return {
        "index": index,
        "open": youth_worker,
        "filled": filled,
        "later": VacancyFactory(
            parent=index,
            title="Policy Officer",
            hours_per_week=Decimal(35),
            closes_at=in_days(30),
        ),
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
    expect(page.locator(".jobs-list").get_by_role("heading", level=2)).to_have_text(
        ["Sessional Youth Engagement Worker", "Policy Officer"]
    )
    expect(page.get_by_role("status")).to_have_text("2 open vacancies, closing soonest first.")
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
    expect(page.get_by_role("link", name="jobs@stag.example")).to_be_visible()
    expect(page.get_by_role("link", name="Job description (PDF, 120 KB)")).to_be_visible()
    expect(page.get_by_text("Closing soon")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page, page.url)


@pytest.mark.parametrize(
    ("vacancy", "reason"),
    [("closed", "Applications are no longer accepted."), ("filled", "The employer has filled")],
)
def test_closed_vacancy_says_so_accessibly(
    live_server, page, jobs_board, assert_accessible, assert_reflows, vacancy, reason
):
    url = live_server.url + jobs_board[vacancy].url
    page.goto(url)
    notice = page.get_by_role("status")
    expect(notice).to_contain_text("This vacancy closed at")
    expect(notice).to_contain_text(reason)
    expect(page.get_by_text("applications are no longer accepted")).to_be_visible()
    expect(page.get_by_role("link", name="Apply", exact=False)).to_have_count(0)
    expect(page.locator('a[href^="mailto:"], a[download]')).to_have_count(0)
    assert_accessible(page)
    assert_reflows(page, url)


def test_filtering_the_board_without_javascript(live_server, browser, jobs_board):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + jobs_board["index"].url)
    page.get_by_label("Location").select_option(label="Southwark")
    page.get_by_label("Hours a week").select_option(label="Up to 16 hours a week")
    page.get_by_role("button", name="Show vacancies").click()
    expect(page).to_have_url(
        f"{live_server.url}/jobs/?location=southwark&contract=&hours=up-to-16"
        "&salary=&pattern=&organisation=&sort=closing"
    )
    expect(page.get_by_role("status")).to_have_text(
        "1 open vacancy matches your filters, closing soonest first."
    )
    card = page.locator(".jobs-list .card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading", level=2)).to_have_text("Sessional Youth Engagement Worker")
    expect(card.get_by_text("Closing soon")).to_be_visible()
    context.close()


def test_filtered_and_empty_boards_are_accessible(
    live_server, page, jobs_board, assert_accessible, assert_reflows
):
    board = live_server.url + jobs_board["index"].url
    for query in ("?location=southwark&hours=up-to-16&salary=nonsense", "?location=lewisham"):
        page.goto(board + query)
        assert_accessible(page)
        assert_reflows(page, board + query)
    expect(page.get_by_role("status")).to_have_text("No vacancies match these filters.")
    page.get_by_role("link", name="clear all filters").click()
    expect(page.locator(".jobs-list .card")).to_have_count(2)
