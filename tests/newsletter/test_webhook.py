"""Mailchimp's webhook records unsubscribes, cleaned addresses and profile updates; a wrong
secret finds nothing and changes nothing."""

import pytest

from newsletter.models import Subscriber
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

SECRET = "s3cret-webhook-token"  # noqa: S105  (a test value)
URL = f"/newsletter/mailchimp/webhook/{SECRET}/"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.MAILCHIMP_WEBHOOK_SECRET = SECRET


def post(client, url=URL, **fields):
    return client.post(url, {"fired_at": "2026-11-24 10:00:00", **fields})


def test_mailchimp_checks_the_url_with_a_get(client):
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    ("kind", "status"),
    [("unsubscribe", "unsubscribed"), ("cleaned", "cleaned"), ("subscribe", "subscribed")],
)
def test_status_changes_are_recorded(client, kind, status):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING)
    response = post(client, type=kind, **{"data[email]": subscriber.email.upper()})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == status


def test_profile_updates_change_name_and_interests(client):
    subscriber = SubscriberFactory(first_name="Sam", interests=["jobs"])
    post(
        client,
        type="profile",
        **{
            "data[email]": subscriber.email,
            "data[merges][FNAME]": "Samira",
            "data[merges][INTERESTS]": "Funding, Surveys and consultations",
        },
    )
    subscriber.refresh_from_db()
    assert subscriber.first_name == "Samira"
    assert subscriber.interests == ["funding", "consultations"]


def test_a_changed_address_follows_the_person(client):
    subscriber = SubscriberFactory(email="old@example.org")
    post(
        client,
        type="upemail",
        **{"data[old_email]": "old@example.org", "data[new_email]": "New@example.org"},
    )
    subscriber.refresh_from_db()
    assert subscriber.email == "new@example.org"


@pytest.mark.parametrize("secret", ["wrong", SECRET[:-1], SECRET + "x"])
def test_a_wrong_secret_gets_404_and_changes_nothing(client, secret):
    subscriber = SubscriberFactory()
    url = f"/newsletter/mailchimp/webhook/{secret}/"
    assert client.get(url).status_code == 404
    assert (
        post(client, url, type="unsubscribe", **{"data[email]": subscriber.email}).status_code
        == 404
    )
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_without_a_configured_secret_the_webhook_does_not_exist(client, settings):
    settings.MAILCHIMP_WEBHOOK_SECRET = ""
    assert client.get("/newsletter/mailchimp/webhook/x/").status_code == 404
