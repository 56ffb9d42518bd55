"""Getting a subscriber to where their confirmation comes from: the Mailchimp audience, or,
without Mailchimp, the site's own confirmation email. Every outcome is recorded on the
subscriber; nothing here raises to the caller."""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from hub import mailchimp
from hub.mailchimp import Mailchimp, MailchimpError
from newsletter import emails
from newsletter.models import Interest, Subscriber

logger = logging.getLogger(__name__)

SYNC_FIELDS = ["status", "sync_state", "synced_at", "sync_error", "sync_attempts", "next_sync_at"]
INTEREST_IDS_CACHE_KEY = "newsletter:mailchimp-interest-ids"
# Mailchimp's statuses that we mirror; "pending" and "transactional" leave ours as it is.
MIRRORED_STATUSES = {"subscribed", "unsubscribed", "cleaned"}
# Once Mailchimp has not answered at all, syncs in the next minute fail at once (and wait for
# their retry) instead of each waiting MAILCHIMP_TIMEOUT: with Mailchimp hung, 200 sign-ups
# would otherwise hold the one task worker (and everything queued behind them) 200 times that,
# 100 minutes at the default 30 s, and a `newsletter_sync` run as long.
UNANSWERED_CACHE_KEY = "newsletter:mailchimp-unanswered"
UNANSWERED_PAUSE = timedelta(minutes=1)


def interest_ids(gateway):
    """Our interests' ids in the audience's interest groups, matched by name ("Jobs", "Surveys
    and consultations"…), cached for an hour. Groups the audience lacks are left out;
    `manage.py mailchimp_check` reports them."""
    found = cache.get(INTEREST_IDS_CACHE_KEY)
    if found is None:
        by_name = {
            interest["name"].strip().lower(): interest["id"]
            for category in gateway.interest_categories()
            for interest in gateway.interests(category["id"])
        }
        found = {
            value: by_name[label.lower()]
            for value, label in Interest.choices
            if label.lower() in by_name
        }
        cache.set(INTEREST_IDS_CACHE_KEY, found, 3600)
    return found


def email_permissions(member):
    """The audience's GDPR marketing permissions for email, granted: the person ticked the
    consent box for an emailed newsletter."""
    return [
        {"marketing_permission_id": permission["marketing_permission_id"], "enabled": True}
        for permission in member.get("marketing_permissions") or []
        if "email" in permission.get("text", "").lower() and not permission.get("enabled")
    ]


def push_to_mailchimp(subscriber):
    gateway = Mailchimp()
    ids = interest_ids(gateway)
    interests = {mailchimp_id: value in subscriber.interests for value, mailchimp_id in ids.items()}
    merge_fields = {"FNAME": subscriber.first_name}
    member = gateway.set_member(subscriber.email, merge_fields, interests)
    permissions = email_permissions(member)
    # They unsubscribed (or bounced) once and have now signed up again: ask Mailchimp to send
    # its confirmation afresh rather than leave them unsubscribed.
    rejoining = subscriber.status == Subscriber.Status.PENDING and member.get("status") in {
        "unsubscribed",
        "cleaned",
    }
    if permissions or rejoining:
        member = gateway.set_member(
            subscriber.email,
            merge_fields,
            interests,
            permissions,
            status="pending" if rejoining else None,
        )
    if member.get("status") in MIRRORED_STATUSES:
        subscriber.status = member["status"]


def push_unless_unanswered(subscriber, now):
    """Push, unless Mailchimp left a call unanswered in the last minute. The pause runs from
    that real attempt; the syncs it turns away do not extend it."""
    paused_until = cache.get(UNANSWERED_CACHE_KEY)
    if paused_until and now < paused_until:
        raise MailchimpError(None, "Not tried, as Mailchimp did not answer a moment ago")
    try:
        push_to_mailchimp(subscriber)
    except MailchimpError as error:
        if error.status is None:
            pause = UNANSWERED_PAUSE.total_seconds()
            cache.set(UNANSWERED_CACHE_KEY, now + UNANSWERED_PAUSE, pause)
        raise


def sync(subscriber, now=None):
    """Push the subscriber to Mailchimp, or without Mailchimp email them the confirmation link
    while they wait for one; record how it went."""
    now = now or timezone.now()
    try:
        if mailchimp.is_configured():
            push_unless_unanswered(subscriber, now)
            subscriber.record_sync_success(now)
        else:
            if subscriber.status == Subscriber.Status.PENDING:
                emails.send_confirmation(subscriber)
            subscriber.record_sync_success(now, state=Subscriber.SyncState.LOCAL)
    except MailchimpError as error:
        logger.warning("Newsletter sync of subscriber %s failed: %s", subscriber.pk, error.message)
        subscriber.record_sync_failure(error.message, retry=error.transient, now=now)
    except emails.EmailNotSent as error:
        logger.warning("Confirmation email to subscriber %s not sent: %s", subscriber.pk, error)
        subscriber.record_sync_failure(str(error), retry=True, now=now)
    subscriber.save(update_fields=SYNC_FIELDS)
