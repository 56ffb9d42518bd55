"""The bulletin in a real Chromium: filtering without JavaScript, post pages, axe-core."""

import re

import pytest
from playwright.sync_api import expect

from bulletin.choices import AttendanceMode
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory, in_days
from tests.factories import make_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bulletin_posts():
    home = make_site()
    index = BulletinIndexPageFactory(parent=home, show_in_menus=True)
    return {
        "consultation": BulletinPostFactory(
            parent=index,
            slug="data-framework",
            title="Feedback on a framework for data on inequality",
            consultation=True,
            deadline=in_days(4),
            tags=["Data", "Funders"],
        ),
        "funding": BulletinPostFactory(
            parent=index,
            slug="response-fund",
            title="London Community Response Fund",
            funding=True,
            deadline=in_days(-2),
            tags=["Grants"],
        ),
        "event": BulletinPostFactory(
            parent=index,
            slug="campaign-workshop",
            title="Campaign tool testing workshop",
            event=True,
            attendance_mode=AttendanceMode.MIXED,
            online_url="https://meet.example.org/workshop",
            bsl_interpreted=True,
            tags=["Data"],
        ),
        "event_other_topic": BulletinPostFactory(
            parent=index,
            slug="open-day",
            title="Human Rights Open Day",
            event=True,
            tags=["Human rights"],
        ),
        "news": BulletinPostFactory(parent=index, slug="report", title="Roma families report"),
        "member_message": BulletinPostFactory(
            parent=index,
            slug="volunteers",
            title="Volunteers wanted",
            member_message=True,
            tags=["Youth"],
        ),
    }


def test_filter_by_kind_and_tag_then_open_a_post(
    live_server, page, bulletin_posts, assert_accessible
):
    page.goto(live_server.url + "/bulletin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bulletin")
    assert_accessible(page)

    page.get_by_role("main").get_by_label("Kind of post").select_option(label="Event or workshop")
    page.get_by_role("main").get_by_label("Topic", exact=True).select_option(label="Data")
    page.get_by_role("button", name="Show posts").click()

    expect(page).to_have_url(re.compile(r"/bulletin/\?kind=event&tag=data"))
    expect(page.get_by_role("status")).to_have_text("1 post matches your filters.")
    results = page.locator(".bulletin-list")
    expect(results.get_by_role("link", name="Campaign tool testing workshop")).to_be_visible()
    expect(results.get_by_role("link", name="Human Rights Open Day")).to_have_count(0)
    assert_accessible(page)

    results.get_by_role("link", name="Campaign tool testing workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Campaign tool testing workshop")
    expect(page.get_by_text("BSL interpretation")).to_be_visible()


def test_filters_work_with_javascript_off(browser, live_server, bulletin_posts):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/bulletin/")
    page.get_by_role("main").get_by_label("Status").select_option(label="Closed")
    page.get_by_role("button", name="Show posts").click()
    expect(page).to_have_url(re.compile(r"status=closed"))
    expect(page.locator(".bulletin-list .card__title")).to_have_text(
        ["London Community Response Fund"]
    )
    context.close()


def test_tag_page_is_accessible(live_server, page, bulletin_posts, assert_accessible):
    page.goto(live_server.url + "/bulletin/")
    page.locator(".bulletin-tags").first.get_by_role("link", name="Youth").click()
    expect(page).to_have_url(re.compile(r"/bulletin/tag/youth/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bulletin: Youth")
    assert_accessible(page)


@pytest.mark.parametrize("kind", ["consultation", "funding", "event", "news", "member_message"])
def test_post_of_each_kind_is_accessible(
    live_server, page, bulletin_posts, assert_accessible, kind
):
    post = bulletin_posts[kind]
    page.goto(live_server.url + post.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(post.title)
    assert_accessible(page)


def test_index_and_a_post_reflow_at_320_pixels(live_server, page, bulletin_posts, assert_reflows):
    assert_reflows(page, live_server.url + "/bulletin/")
    assert_reflows(page, live_server.url + "/bulletin/campaign-workshop/")


def test_home_page_with_bulletin_sections_is_accessible(
    live_server, page, bulletin_posts, assert_accessible
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Latest from the bulletin")).to_be_visible()
    expect(page.get_by_role("heading", name="Closing soon")).to_be_visible()
    assert_accessible(page)


def test_filter_form_by_keyboard_alone(live_server, page, bulletin_posts):
    page.goto(live_server.url + "/bulletin/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "filter-kind":
            break
    expect(page.get_by_role("main").get_by_label("Kind of post")).to_be_focused()
    page.keyboard.type("Event")
    expect(page.get_by_role("main").get_by_label("Kind of post")).to_have_value("event")
    for label in ("Topic", "Status", "Order"):
        page.keyboard.press("Tab")
        expect(page.get_by_role("main").get_by_label(label, exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show posts")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/bulletin/\?kind=event&"))
    expect(page.get_by_role("status")).to_have_text("2 posts match your filters.")


def test_ignored_filters_and_no_results_are_accessible(
    live_server, page, bulletin_posts, assert_accessible, assert_reflows
):
    ignored = "/bulletin/?kind=vacancy&status=" + "x" * 300
    page.goto(live_server.url + ignored)
    warnings = page.locator(".bulletin-results .message")
    expect(warnings).to_have_count(2)
    expect(page.get_by_role("main").get_by_label("Kind of post")).to_have_accessible_description(
        "There is no kind of post called “vacancy”, so we have ignored it."
    )
    assert_accessible(page)
    assert_reflows(page, live_server.url + ignored)

    page.goto(live_server.url + "/bulletin/?kind=funding&tag=youth")
    expect(page.get_by_role("status")).to_have_text("No posts match your filters.")
    expect(page.get_by_text("Nothing matches these filters.")).to_be_visible()
    assert_accessible(page)
