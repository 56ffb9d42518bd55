"""Staff export everything held on one subscriber and erase them everywhere, from the admin;
the logs name the record's number, never the address."""

import json
import logging

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from newsletter.models import Subscriber
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/newsletter/subscribers/"


def test_staff_export_a_subscriber_as_a_json_file(client, editor, caplog):
    subscriber = SubscriberFactory(email="reader@example.org", first_name="Sam")
    with caplog.at_level(logging.INFO, logger="newsletter"):
        response = client.get(f"{ADMIN}export/{subscriber.pk}/")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="subscriber-{subscriber.pk}.json"'
    )
    data = json.loads(response.content)["held_by_the_site"]
    assert data["email"] == "reader@example.org"
    assert data["first_name"] == "Sam"
    assert data["consent_text"] == subscriber.consent_text
    assert data["consented_at"] == subscriber.consented_at.isoformat()
    assert f"subscriber {subscriber.pk}" in caplog.text
    assert "reader@example.org" not in caplog.text


def test_the_listing_offers_export_and_erase(client, editor):
    subscriber = SubscriberFactory()
    html = client.get(ADMIN).content.decode()
    assert f"{ADMIN}export/{subscriber.pk}/" in html
    assert f"{ADMIN}delete/{subscriber.pk}/" in html


def test_staff_erase_a_subscriber_and_their_history(client, editor, caplog):
    subscriber = SubscriberFactory(email="reader@example.org")
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Subscriber),
        object_id=str(subscriber.pk),
        label=subscriber.email,
        action="wagtail.edit",
        timestamp=subscriber.created_at,
    )
    confirm = client.get(f"{ADMIN}delete/{subscriber.pk}/")
    assert "Erase everything held on this subscriber" in confirm.content.decode()
    with caplog.at_level(logging.INFO, logger="newsletter"):
        response = client.post(f"{ADMIN}delete/{subscriber.pk}/", follow=True)
    messages = [str(m).strip() for m in response.context["messages"]]
    assert "Subscriber erased: nothing about them is kept." in messages
    assert not Subscriber.objects.exists()
    assert not ModelLogEntry.objects.filter(label__icontains="reader@example.org").exists()
    assert f"subscriber {subscriber.pk}" in caplog.text
    assert "reader@example.org" not in caplog.text
