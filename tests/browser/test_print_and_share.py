"""Printing and sharing a post or vacancy in a real Chromium: what print shows and leaves out,
"Copy link" with and without JavaScript, and axe-core on the pages and the "Get updates"
blocks."""

import re

import pytest
from playwright.sync_api import expect

from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory, in_days
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site():
    home = make_site()
    bulletin = BulletinIndexPageFactory(parent=home, show_in_menus=True)
    jobs = JobsIndexPageFactory(parent=home, show_in_menus=True)
    fund = BulletinPostFactory(
        parent=bulletin,
        slug="youth-fund",
        title="Youth fund",
        funding=True,
        deadline=in_days(10),
        cta_url="https://funder.example.org/apply/youth",
        tags=["Youth"],
    )
    BulletinPostFactory(parent=bulletin, title="Youth workshop", event=True, tags=["Youth"])
    vacancy = VacancyFactory(
        parent=jobs,
        slug="youth-worker",
        title="Youth worker",
        apply_url="https://apply.example.org/youth-worker",
    )
    return {"fund": fund, "vacancy": vacancy}


def test_a_printed_post_says_where_it_came_from_without_navigation(live_server, page, site):
    url = f"{live_server.url}/bulletin/youth-fund/"
    page.goto(url)
    main = page.get_by_role("main")
    # On screen: navigation, related posts, calendar and share links; no print-only lines.
    expect(page.locator(".print-source")).to_be_hidden()
    expect(page.get_by_text("https://funder.example.org/apply/youth")).to_be_hidden()
    expect(main.get_by_role("heading", name="Related posts")).to_be_visible()
    expect(main.get_by_role("link", name=re.compile("^Add to calendar"))).to_be_visible()

    page.emulate_media(media="print")
    source = page.locator(".print-source")
    expect(source).to_be_visible()
    expect(source).to_contain_text("Network Hub")
    expect(source).to_contain_text(url)
    expect(page.get_by_text("https://funder.example.org/apply/youth")).to_be_visible()
    expect(main.get_by_role("heading", name="Youth fund", level=1)).to_be_visible()
    for hidden in (
        page.get_by_role("banner"),
        page.get_by_role("navigation", name="Breadcrumb"),
        main.get_by_role("heading", name="Related posts"),
        main.get_by_role("link", name=re.compile("^Add to calendar")),
        main.get_by_role("heading", name="Share this post"),
        page.get_by_role("contentinfo"),
    ):
        expect(hidden).to_be_hidden()
    expect(main.get_by_role("link", name="Youth workshop")).to_be_hidden()


def test_a_printed_vacancy_gives_the_address_to_apply_at(live_server, page, site):
    page.goto(f"{live_server.url}/jobs/youth-worker/")
    page.emulate_media(media="print")
    expect(page.locator(".print-source")).to_contain_text(f"{live_server.url}/jobs/youth-worker/")
    expect(page.get_by_text("https://apply.example.org/youth-worker")).to_be_visible()
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("heading", name="Share this vacancy")).to_be_hidden()


def test_copy_link_copies_the_address_and_says_so(live_server, browser, site, assert_accessible):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    url = f"{live_server.url}/bulletin/youth-fund/"
    page.goto(url)
    share = page.get_by_role("region", name="Share this post")
    copy = share.get_by_role("button", name="Copy link")
    expect(share.get_by_role("link", name="Copy link")).to_have_count(0)
    copy.click()
    status = share.get_by_role("status")
    expect(status).to_have_text(f"Link copied: {url}")
    expect(status).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    # The other services are plain links to their own share pages.
    expect(share.get_by_role("link", name="LinkedIn")).to_have_attribute(
        "href", re.compile(r"^https://www\.linkedin\.com/sharing/share-offsite/\?url=http")
    )
    assert_accessible(page)
    context.close()


def test_without_javascript_copy_link_is_a_link_to_the_page(live_server, browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    url = f"{live_server.url}/jobs/youth-worker/"
    page.goto(url)
    share = page.get_by_role("region", name="Share this vacancy")
    expect(share.get_by_role("link", name="Copy link")).to_have_attribute("href", url)
    expect(share.get_by_role("button")).to_have_count(0)
    for service in ("Email", "WhatsApp", "LinkedIn", "Bluesky"):
        expect(share.get_by_role("link", name=service)).to_be_visible()
    context.close()


@pytest.mark.parametrize("path", ["/bulletin/", "/jobs/"])
def test_get_updates_is_accessible_and_reflows(
    live_server, page, site, path, assert_accessible, assert_reflows
):
    page.goto(live_server.url + path)
    updates = page.get_by_role("region", name="Get updates")
    expect(
        updates.get_by_role("link", name=re.compile("^Subscribe in your calendar app"))
    ).to_have_attribute("href", re.compile(r"^webcal://"))
    expect(updates.get_by_role("link", name="Sign up for the newsletter")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page, live_server.url + path)


@pytest.mark.parametrize("path", ["/bulletin/youth-fund/", "/jobs/youth-worker/"])
def test_share_links_are_accessible_and_reflow(
    live_server, page, site, path, assert_accessible, assert_reflows
):
    page.goto(live_server.url + path)
    assert_accessible(page)
    assert_reflows(page, live_server.url + path)
