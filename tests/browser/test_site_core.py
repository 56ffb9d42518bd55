"""Journeys through the site core in a real Chromium, with axe-core on every public page type."""

import pytest
from playwright.sync_api import expect

from tests.factories import StandardPageFactory, make_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_pages():
    home = make_site()
    about = StandardPageFactory(
        parent=home,
        title="About the network",
        slug="about",
        show_in_menus=True,
        intro="Who we are and what we do.",
        body__0__paragraph="We connect equality organisations across London.",
    )
    return home, about


def test_home_page_is_accessible_and_reflows(
    live_server, page, site_pages, assert_accessible, assert_reflows
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Working together for equality")
    assert_accessible(page)
    assert_reflows(page, live_server.url + "/")


def test_keyboard_user_can_skip_to_content(live_server, page, site_pages):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_standard_page_reached_from_the_menu(
    live_server, page, site_pages, assert_accessible, assert_reflows
):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="About the network"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the network")
    expect(page.get_by_text("We connect equality organisations across London.")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page, page.url)


def test_search_from_the_header_finds_a_page(live_server, page, site_pages, assert_accessible):
    page.goto(live_server.url + "/")
    page.get_by_role("search").first.get_by_label("Search the site").fill("equality organisations")
    page.get_by_role("button", name="Search").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Search results for “equality organisations”"
    )
    expect(page.get_by_role("main").get_by_role("link", name="About the network")).to_be_visible()
    assert_accessible(page)


def test_not_found_page_is_friendly_and_accessible(
    live_server, page, site_pages, assert_accessible
):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)


def test_search_results_of_every_kind_are_accessible(
    live_server, page, site_pages, assert_accessible, assert_reflows
):
    """A result of each source, an open and a closed one, each saying what it is."""
    from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory, in_days
    from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
    from tests.members.factories import OrganisationFactory, make_directory

    home, _ = site_pages
    bulletin = BulletinIndexPageFactory(parent=home)
    jobs = JobsIndexPageFactory(parent=home)
    make_directory(home)
    BulletinPostFactory(parent=bulletin, event=True, title="Equality forum", bsl_interpreted=True)
    BulletinPostFactory(parent=bulletin, funding=True, title="Equality fund", deadline=in_days(-1))
    VacancyFactory(parent=jobs, title="Equality officer", closes_at=in_days(2))
    OrganisationFactory(name="Equality Works")
    page.goto(live_server.url + "/search/?q=equality")
    results = page.get_by_role("main").get_by_role("list").first
    for kind in ("Event or workshop", "Funding call", "Vacancy", "Member organisation"):
        expect(results.get_by_text(kind, exact=True)).to_be_visible()
    expect(results.locator(".status--closed")).to_have_text("Closed")
    assert_accessible(page)
    assert_reflows(page, page.url)
