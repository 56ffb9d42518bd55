"""The newsletter in a real Chromium: signing up (axe-core on the sign-up page empty and with
errors, the thanks and confirmation pages), and an editor previewing, test-sending and sending a
digest (axe-core on the email itself and on the issue's page in the archive)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from newsletter.models import Digest, Subscriber
from tests.browser.admin import log_in_to_admin
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.factories import make_site

pytestmark = pytest.mark.django_db(transaction=True)


def test_signing_up_from_the_page_and_confirming_by_email(
    live_server, page, assert_accessible, assert_reflows
):
    make_site()
    page.goto(f"{live_server.url}/newsletter/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Newsletter")
    assert_accessible(page)
    main = page.get_by_role("main")

    main.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to agree")
    assert_accessible(page)

    main.get_by_label("Email address", exact=True).fill("reader@example.org")
    main.get_by_label("First name (optional)").fill("Sam")
    main.get_by_role("group", name="What would you like to hear about?").get_by_label(
        "News"
    ).uncheck()
    main.get_by_label("Yes, email me the network's newsletter").check()
    main.get_by_role("button", name="Sign up").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert_accessible(page)

    subscriber = Subscriber.objects.get()
    assert subscriber.interests == ["jobs", "funding", "events", "consultations"]
    assert subscriber.consent_source == "/newsletter/"
    confirm = re.search(r"http://\S+/newsletter/confirm/\S+", mail.outbox[0].body).group(0)
    page.goto(live_server.url + confirm.removeprefix("http://testserver"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")
    assert_accessible(page)
    assert_reflows(page, f"{live_server.url}/newsletter/")


def test_the_footer_form_signs_up_from_any_page(live_server, page, assert_accessible):
    make_site()
    page.goto(f"{live_server.url}/")
    footer = page.get_by_role("contentinfo")
    footer.get_by_label("Email address", exact=True).fill("footer@example.org")
    footer.get_by_label("Yes, email me the network's newsletter").check()
    footer.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert Subscriber.objects.get().consent_source == "/"


def test_an_editor_previews_and_test_sends_a_digest_then_readers_find_the_issue(
    live_server, page, assert_accessible
):
    bulletin = BulletinIndexPageFactory(parent=make_site())
    yesterday = timezone.now() - timedelta(days=1)
    BulletinPostFactory(
        parent=bulletin, title="Grant round", funding=True, first_published_at=yesterday
    )
    BulletinPostFactory(parent=bulletin, title="Hate crime report", first_published_at=yesterday)
    log_in_to_admin(page, live_server)

    page.goto(f"{live_server.url}/admin/newsletter/digests/")
    page.get_by_role("link", name="Compile the next digest").click()
    page.get_by_role("textbox", name="Introduction").fill("Two things this week.")
    page.get_by_role("button", name="Save").click()
    digest = Digest.objects.get()
    assert digest.introduction == "Two things this week."

    # The exact email, as its readers will get it: checked by axe like the site's pages.
    page.goto(f"{live_server.url}/admin/newsletter/digests/{digest.pk}/preview/html/")
    expect(page.get_by_role("heading", level=1)).to_have_text(digest.subject)
    expect(page.get_by_role("link", name="Grant round")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/admin/newsletter/digests/{digest.pk}/preview/text/")
    expect(page.locator("body")).to_contain_text("Hate crime report")

    page.goto(f"{live_server.url}/admin/newsletter/digests/{digest.pk}/test/")
    page.get_by_label("Send a test to").fill("editor@example.org")
    page.get_by_role("button", name="Send the test").click()
    expect(page.get_by_text("Test emailed to editor@example.org")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]

    page.goto(f"{live_server.url}/admin/newsletter/digests/{digest.pk}/send/")
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_text(f"Digest {digest.number} is being sent")).to_be_visible()

    page.context.clear_cookies()  # a reader, not the editor
    page.goto(f"{live_server.url}/newsletter/")
    page.get_by_role("link", name=digest.subject).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(digest.subject)
    expect(page.get_by_role("main").get_by_text("Two things this week.")).to_be_visible()
    assert_accessible(page)
