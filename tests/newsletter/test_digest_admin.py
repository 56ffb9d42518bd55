"""Editors in the Wagtail admin: open the next digest, edit it, preview the exact email and its
plain text, send a test, schedule it or send it now; and the archive of sent issues."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from newsletter.models import Digest
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.factories import make_site
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/newsletter/digests/"


@pytest.fixture
def news():
    bulletin = BulletinIndexPageFactory(parent=make_site())
    yesterday = timezone.now() - timedelta(days=1)
    return [
        BulletinPostFactory(
            parent=bulletin, title="Grant round", funding=True, first_published_at=yesterday
        ),
        BulletinPostFactory(
            parent=bulletin, title="Hate crime report", first_published_at=yesterday
        ),
    ]


def open_next(client):
    response = client.get(f"{ADMIN}compile/", follow=True)
    assert response.status_code == 200
    return Digest.objects.get()


def test_the_editor_opens_edits_and_previews_the_next_digest(client, editor, news):
    digest = open_next(client)
    assert digest.digest_items.count() == 2
    html = client.get(f"{ADMIN}{digest.pk}/preview/html/").content.decode()
    text = client.get(f"{ADMIN}{digest.pk}/preview/text/").content.decode()
    for post in news:
        assert post.title in html and post.title in text
    listing = client.get(ADMIN).content.decode()
    for action in ("preview/html/", "preview/text/", "test/", "schedule/", "send/"):
        assert f"{ADMIN}{digest.pk}/{action}" in listing
    assert open_next(client) == digest  # opening again never makes a second


def test_a_test_goes_to_the_given_addresses_only(client, editor, news):
    digest = open_next(client)
    response = client.post(
        f"{ADMIN}{digest.pk}/test/", {"addresses": "a@example.org, b@example.org"}
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all(m.subject.startswith("[Test] ") for m in mail.outbox)
    digest.refresh_from_db()
    assert digest.status == Digest.Status.DRAFT


def test_bad_addresses_are_refused_beside_the_field(client, editor, news):
    digest = open_next(client)
    response = client.post(f"{ADMIN}{digest.pk}/test/", {"addresses": "not an address"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert not mail.outbox


def test_send_now_sends_once_and_the_issue_is_then_on_the_site(client, editor, news):
    SubscriberFactory(email="reader@example.org")
    digest = open_next(client)
    client.post(f"{ADMIN}{digest.pk}/send/")
    client.post(f"{ADMIN}{digest.pk}/send/")
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    digest.refresh_from_db()
    assert digest.status == Digest.Status.SENT and digest.sent_by == editor
    # Sent digests can no longer be edited.
    assert client.get(f"{ADMIN}edit/{digest.pk}/").status_code == 302

    page = BeautifulSoup(client.get("/newsletter/").content, "html.parser")
    link = page.select_one("main section a")
    assert link.get_text() == digest.subject
    issue = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    assert [a.get_text() for a in issue.select("main h3 a")] == ["Grant round", "Hate crime report"]


def test_drafts_are_not_on_the_site(client, editor, news):
    digest = open_next(client)
    assert client.get(f"/newsletter/issues/{digest.number}/").status_code == 404


def test_scheduling_asks_for_a_quarter_hour_in_the_future(client, editor, news):
    digest = open_next(client)
    soon = timezone.localtime() + timedelta(days=1)
    bad = soon.replace(minute=7).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"{ADMIN}{digest.pk}/schedule/", {"moment": bad})
    assert "on the quarter hour" in response.content.decode()
    good = soon.replace(minute=15).strftime("%Y-%m-%dT%H:%M")
    client.post(f"{ADMIN}{digest.pk}/schedule/", {"moment": good})
    digest.refresh_from_db()
    assert digest.status == Digest.Status.SCHEDULED
    assert timezone.localtime(digest.scheduled_for).minute == 15
