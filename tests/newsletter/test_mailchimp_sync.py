"""Sign-up with Mailchimp: the real client talks HTTP to a fake Marketing API. The visitor never
waits on Mailchimp or sees it fail; failures are kept, retried and shown to staff."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from hub.mailchimp import subscriber_hash
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

MEMBER = "/3.0/lists/*/members/*"


def sign_up(client, email="reader@example.org", interests=("jobs", "funding"), **extra):
    data = {"email": email, "first_name": "Sam", "interests": list(interests), "consent": "on"}
    return client.post("/newsletter/", {**data, **extra})


def retry_when_due():
    Subscriber.objects.update(next_sync_at=timezone.now() - timedelta(seconds=1))
    call_command("newsletter_sync")


def test_sign_up_creates_a_pending_contact_with_fields_interests_and_permissions(
    client, home, mailchimp
):
    assert sign_up(client).status_code == 302
    member = mailchimp.member("reader@example.org")
    assert member["status"] == "pending"  # Mailchimp sends its own double opt-in
    assert member["merge_fields"]["FNAME"] == "Sam"
    assert member["interests"][mailchimp.interest_id("Jobs")] is True
    assert member["interests"][mailchimp.interest_id("Funding")] is True
    assert member["interests"][mailchimp.interest_id("Events")] is False
    assert member["interests"][mailchimp.interest_id("Surveys and consultations")] is False
    [permission] = member["marketing_permissions"]
    assert permission["enabled"] is True
    put = [r for r in mailchimp.requests if r["method"] == "PUT"][0]
    assert put["path"].endswith(subscriber_hash("reader@example.org"))
    assert put["body"]["status_if_new"] == "pending"
    subscriber = Subscriber.objects.get()
    assert subscriber.sync_state == Subscriber.SyncState.SYNCED
    assert subscriber.synced_at is not None and subscriber.sync_error == ""
    assert not mail.outbox  # Mailchimp, not the site, sends the confirmation


def test_the_same_address_twice_updates_one_contact(client, home, mailchimp):
    sign_up(client)
    sign_up(client, email="READER@example.org", interests=["events"], first_name="Samira")
    assert Subscriber.objects.count() == 1
    members = mailchimp.lists[mailchimp.list_id]["members"]
    assert len(members) == 1
    member = mailchimp.member("reader@example.org")
    assert member["merge_fields"]["FNAME"] == "Samira"
    assert member["interests"][mailchimp.interest_id("Events")] is True
    assert member["interests"][mailchimp.interest_id("Jobs")] is False


def test_a_confirmed_contact_keeps_its_status_and_ours_follows(client, home, mailchimp):
    sign_up(client)
    mailchimp.member("reader@example.org")["status"] = "subscribed"
    sign_up(client)
    assert mailchimp.member("reader@example.org")["status"] == "subscribed"
    assert Subscriber.objects.get().status == Subscriber.Status.SUBSCRIBED


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (lambda fake: fake.fail("PUT", MEMBER, status=500), "HTTP 500"),
        (lambda fake: fake.fail("PUT", MEMBER, status=429), "HTTP 429"),
        (lambda fake: fake.delay("PUT", MEMBER, 2, apply=False), "did not answer"),
    ],
    ids=["server-error", "rate-limited", "timeout"],
)
def test_a_passing_failure_is_kept_retried_with_backoff_then_synced(
    client, home, mailchimp, fault, expected
):
    fault(mailchimp)
    before = timezone.now()
    assert sign_up(client).status_code == 302  # the visitor sees no failure
    subscriber = Subscriber.objects.get()
    assert subscriber.sync_state == Subscriber.SyncState.FAILED
    assert expected in subscriber.sync_error
    assert subscriber.sync_attempts == 1
    assert before + timedelta(seconds=50) < subscriber.next_sync_at < before + timedelta(minutes=2)
    mailchimp.wait_idle()

    call_command("newsletter_sync")  # not due yet: nothing happens
    assert Subscriber.objects.get().sync_attempts == 1

    retry_when_due()
    subscriber.refresh_from_db()
    assert subscriber.sync_state == Subscriber.SyncState.SYNCED
    assert subscriber.sync_error == "" and subscriber.next_sync_at is None
    assert mailchimp.member("reader@example.org")["status"] == "pending"


def test_waits_grow_between_failed_attempts(client, home, mailchimp):
    mailchimp.fail("PUT", MEMBER, status=503, times=3)
    sign_up(client)
    waits = []
    for _ in range(2):
        subscriber = Subscriber.objects.get()
        waits.append(subscriber.next_sync_at - timezone.now())
        retry_when_due()
    subscriber.refresh_from_db()
    waits.append(subscriber.next_sync_at - timezone.now())
    assert waits[0] < waits[1] < waits[2]
    assert subscriber.sync_attempts == 3


def test_an_invalid_api_key_is_a_clear_error_that_is_not_retried(client, home, mailchimp, settings):
    settings.MAILCHIMP_API_KEY = "wrong-us21"
    sign_up(client)
    subscriber = Subscriber.objects.get()
    assert subscriber.sync_state == Subscriber.SyncState.FAILED
    assert "API Key Invalid (HTTP 401)" in subscriber.sync_error
    assert subscriber.next_sync_at is None


def test_staff_see_failed_syncs_with_their_error_in_the_admin(client, home, mailchimp, editor):
    mailchimp.fail("PUT", MEMBER, status=500)
    sign_up(client)
    listing = client.get("/admin/newsletter/subscribers/", {"sync_state": "failed"})
    html = listing.content.decode()
    assert "reader@example.org" in html
    assert "HTTP 500" in html


def test_signing_up_again_after_unsubscribing_in_mailchimp_asks_for_confirmation(
    client, home, mailchimp
):
    sign_up(client)
    mailchimp.member("reader@example.org")["status"] = "unsubscribed"
    Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
    sign_up(client)
    assert mailchimp.member("reader@example.org")["status"] == "pending"
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_erasing_deletes_the_contact_in_mailchimp_permanently(client, home, mailchimp, editor):
    sign_up(client)
    subscriber = Subscriber.objects.get()
    client.post(f"/admin/newsletter/subscribers/delete/{subscriber.pk}/")
    assert mailchimp.member("reader@example.org") is None
    assert not Subscriber.objects.exists()
    deletes = [r for r in mailchimp.requests if r["path"].endswith("/actions/delete-permanent")]
    assert len(deletes) == 1


def test_when_mailchimp_cannot_erase_nothing_is_erased_here(client, home, mailchimp, editor):
    sign_up(client)
    subscriber = Subscriber.objects.get()
    mailchimp.fail("POST", "/3.0/lists/*/members/*/actions/delete-permanent", status=503)
    response = client.post(f"/admin/newsletter/subscribers/delete/{subscriber.pk}/", follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("Nothing was erased" in m for m in messages), messages
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert mailchimp.member("reader@example.org") is not None


def test_the_export_includes_what_mailchimp_holds(client, home, mailchimp, editor):
    sign_up(client)
    subscriber = Subscriber.objects.get()
    data = client.get(f"/admin/newsletter/subscribers/export/{subscriber.pk}/").json()
    assert data["held_by_mailchimp"]["email_address"] == "reader@example.org"
    assert data["held_by_the_site"]["interests"] == ["jobs", "funding"]
