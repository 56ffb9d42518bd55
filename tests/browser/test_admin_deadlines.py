"""The real admin, its date picker included: what staff type as a deadline is what is stored, a
date alone closes at the default closing time, and the editor shows the fields of the kind."""

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from bulletin.models import BulletinPost
from hub.deadlines import LONDON
from tests.browser.admin import log_in_to_admin
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.factories import make_site

pytestmark = pytest.mark.django_db(transaction=True)


def draft_deadline(post):
    return BulletinPost.objects.get(pk=post.pk).get_latest_revision_as_object().deadline


def type_deadline_and_save_draft(page, typed):
    box = page.locator("#id_deadline")
    box.fill(typed)
    box.press("Tab")  # the picker used to swap unreadable text for "now" as the box lost focus
    page.keyboard.press("Escape")
    expect(box).to_have_value(typed)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile("has been (updated|saved)")).first).to_be_visible()


@pytest.mark.parametrize("typed", ["10/12/2026 17:00", "10/12/2026"])
def test_a_typed_deadline_is_kept_stored_and_shown_in_words(live_server, page, typed):
    bulletin = BulletinIndexPageFactory(parent=make_site())
    survey = BulletinPostFactory(parent=bulletin, title="Youth survey", consultation=True)
    log_in_to_admin(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{survey.pk}/edit/")

    type_deadline_and_save_draft(page, typed)

    assert draft_deadline(survey) == datetime(2026, 12, 10, 17, 0, tzinfo=LONDON)
    page.goto(f"{live_server.url}/admin/pages/{survey.pk}/edit/")
    expect(page.locator("#id_deadline")).to_have_value("10/12/2026 17:00")
    expect(page.get_by_text("Saved as: Closes 5pm, Thursday 10 December 2026.")).to_be_visible()


def test_an_unreadable_deadline_is_refused_not_replaced(live_server, page):
    bulletin = BulletinIndexPageFactory(parent=make_site())
    survey = BulletinPostFactory(parent=bulletin, title="Youth survey", consultation=True)
    before = draft_deadline(survey)
    log_in_to_admin(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{survey.pk}/edit/")

    box = page.locator("#id_deadline")
    box.fill("31/02/2026")
    box.press("Tab")
    page.keyboard.press("Escape")
    expect(box).to_have_value("31/02/2026")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("Enter a real date as day/month/year").first).to_be_visible()
    assert draft_deadline(survey) == before


def panel(page, kinds):
    return page.locator(f'section[data-kind-panel="{kinds}"]')


def test_choosing_the_kind_shows_its_panels(live_server, page):
    bulletin = BulletinIndexPageFactory(parent=make_site())
    news = BulletinPostFactory(parent=bulletin, title="Annual report")
    log_in_to_admin(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{news.pk}/edit/")

    funding, event = panel(page, "funding"), panel(page, "event")
    deadline = panel(page, "consultation event funding")
    # A news post: neither the event's nor the funding call's fields sit open.
    expect(event).to_be_hidden()
    expect(funding).to_be_hidden()
    expect(deadline).to_be_hidden()

    page.locator("#id_kind").select_option("funding")
    expect(funding).to_be_visible()
    expect(funding.locator("[data-panel-toggle]")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#id_funder")).to_be_visible()
    expect(deadline).to_be_visible()
    expect(page.locator('label[for="id_deadline"] .w-required-mark')).to_have_count(1)
    expect(event).to_be_hidden()

    page.locator("#id_kind").select_option("event")
    expect(event).to_be_visible()
    expect(page.locator("#id_starts_at")).to_be_visible()
    expect(funding).to_be_hidden()
    # An event's deadline is when registration closes: optional.
    expect(page.locator('label[for="id_deadline"] .w-required-mark')).to_have_count(0)


def test_a_news_post_still_carrying_a_deadline_shows_it(live_server, page):
    bulletin = BulletinIndexPageFactory(parent=make_site())
    news = BulletinPostFactory(
        parent=bulletin, title="Annual report", deadline=datetime(2026, 12, 10, 17, tzinfo=LONDON)
    )
    log_in_to_admin(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{news.pk}/edit/")
    # Readers see "Closes …" on it, so the editor must be able to see and clear it.
    expect(panel(page, "consultation event funding")).to_be_visible()
    expect(panel(page, "event")).to_be_hidden()
