"""The trust pages in a real Chromium: axe-core (any impact) at desktop width and at 320 CSS
pixels on the contact page (empty and with errors), the sitemap for people and the demo's
accessibility statement; and the contact form sent with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from demo import site as demo_site
from hub.models import ContactMessage
from tests.factories import make_site

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 320)


@pytest.fixture
def demo_pages():
    """The demo's site core: home, standard pages (the accessibility statement and privacy
    notice among them), the apps' index pages and the network's settings with every route."""
    make_site()
    return demo_site.build(lambda *args: None)


@pytest.fixture
def check_at_each_width(page, assert_accessible):
    def check(url=None, prepare=None):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            if url:
                page.goto(url)
            if prepare:
                prepare()
            assert_accessible(page)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"

    return check


def test_the_contact_page_is_accessible_empty_and_with_errors(
    live_server, page, demo_pages, check_at_each_width
):
    url = live_server.url + "/contact/"
    check_at_each_width(url)
    routes = page.get_by_role("region", name="Other ways to reach us")
    expect(routes.get_by_role("link", name="020 7946 0000")).to_be_visible()

    def send_with_errors():
        page.goto(url)
        page.get_by_label("Your email address").fill("not an address")
        page.get_by_label("Text message (SMS)").check()
        page.get_by_role("button", name="Send message").click()
        expect(page.get_by_role("alert")).to_contain_text("There is a problem")

    check_at_each_width(prepare=send_with_errors)
    expect(page.get_by_label("Your email address")).to_have_value("not an address")


def test_a_keyboard_user_sends_a_message(live_server, page, demo_pages):
    page.goto(live_server.url + "/contact/")
    page.get_by_label("Your name").focus()
    page.keyboard.type("Sam Example")
    page.keyboard.press("Tab")
    page.keyboard.type("sam@example.org")
    page.get_by_label("Your message").focus()
    page.keyboard.type("Please send the bulletin in large print.")
    page.keyboard.press("Tab")  # the privacy notice link
    expect(page.get_by_role("link", name="read our privacy notice").first).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send message")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Message sent")
    assert ContactMessage.objects.get().email == "sam@example.org"


def test_the_sitemap_is_accessible(live_server, page, demo_pages, check_at_each_width):
    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Sitemap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sitemap")
    expect(page.get_by_role("link", name="Accessibility statement").first).to_be_visible()
    check_at_each_width(page.url)


def test_the_accessibility_statement_is_accessible(
    live_server, page, demo_pages, check_at_each_width
):
    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    check_at_each_width(page.url)
