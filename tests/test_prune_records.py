"""`manage.py prune_records` deletes what the site promises to keep no longer: contact
messages after 12 months and sent emails after 90 days, and nothing younger or unsent."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from hub.contact import prune_messages
from hub.email import prune_sent
from hub.models import ContactMessage, OutgoingEmail

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days):
    return NOW - timedelta(days=days)


def message(name, created_at):
    return ContactMessage.objects.create(
        name=name, email="someone@example.org", message="Hello", created_at=created_at
    )


def email(key, sent_at=None, created_at=None):
    return OutgoingEmail.objects.create(
        key=key,
        to="someone@example.org",
        subject="Subject",
        text="Reset your password: https://hub.example.org/account/password-reset/x/y/",
        sent_at=sent_at,
        created_at=created_at or sent_at or NOW,
    )


def test_contact_messages_go_after_twelve_months_and_younger_ones_stay():
    message("Old", days_ago(31 * 12 + 1))
    message("Recent", days_ago(300))
    assert prune_messages(now=NOW) == 1
    assert list(ContactMessage.objects.values_list("name", flat=True)) == ["Recent"]


def test_sent_emails_go_after_ninety_days_and_unsent_ones_stay_whatever_their_age():
    email("old-sent", sent_at=days_ago(91))
    email("recent-sent", sent_at=days_ago(89))
    email("old-unsent", created_at=days_ago(400))
    assert prune_sent(now=NOW) == 1
    assert set(OutgoingEmail.objects.values_list("key", flat=True)) == {
        "recent-sent",
        "old-unsent",
    }


def test_the_command_prunes_both_and_says_how_many():
    message("Old", days_ago(400))
    email("old-sent", sent_at=days_ago(100))
    out = StringIO()
    call_command("prune_records", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 contact message(s) and 1 sent email(s)."
    assert not ContactMessage.objects.exists()
    assert not OutgoingEmail.objects.exists()
