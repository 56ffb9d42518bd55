"""A subscriber's data requests, made by staff from the admin: everything held on them, as a
file, and erasure everywhere (here, in Mailchimp, in the admin's history). Logs name the
record's number, never the address."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from hub import mailchimp
from hub.mailchimp import Mailchimp, MailchimpError
from newsletter.models import Subscriber

logger = logging.getLogger(__name__)

EXPORTED_FIELDS = [
    "email",
    "first_name",
    "interests",
    "status",
    "consent_text",
    "consented_at",
    "consent_source",
    "confirmed_at",
    "created_at",
    "updated_at",
    "sync_state",
    "synced_at",
    "sync_error",
]


def export(subscriber, now=None):
    """Everything held on the subscriber: the local record and, when Mailchimp is set up, the
    audience's copy (or why it could not be read)."""
    record = {field: getattr(subscriber, field) for field in EXPORTED_FIELDS}
    data = {
        "exported_at": (now or timezone.now()).isoformat(),
        "held_by_the_site": {
            key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in record.items()
        },
    }
    if mailchimp.is_configured():
        try:
            data["held_by_mailchimp"] = Mailchimp().member(subscriber.email)
        except MailchimpError as error:
            data["held_by_mailchimp"] = {"could_not_be_read": error.message}
    logger.info("Exported newsletter subscriber %s", subscriber.pk)
    return data


def erase(subscriber):
    """Mailchimp first: if that fails, nothing is erased here and staff can try again, so the
    local record is never gone while the contact lives on in Mailchimp."""
    pk = subscriber.pk
    if mailchimp.is_configured():
        Mailchimp().delete_member_permanently(subscriber.email)
    with transaction.atomic():
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Subscriber), object_id=str(pk)
        ).delete()
        subscriber.delete()
    where = "here and in Mailchimp" if mailchimp.is_configured() else "here"
    logger.info("Erased newsletter subscriber %s %s", pk, where)
