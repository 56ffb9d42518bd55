"""Signing up for the newsletter in a real Chromium, by keyboard where it matters, with axe-core
on the sign-up page (empty and with errors), the thanks page and the confirmation page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from newsletter.models import Subscriber
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
