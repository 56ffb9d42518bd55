"""Sending a digest, exactly once, through Mailchimp or, without it, by the site's own email.

Mailchimp has no idempotency keys, so every step leaves a state the next run can resume from
and none from which it would send again:
- one run at a time holds the digest's lock (a crashed run's lock goes with its process);
- the campaign's id is stored the moment `create` answers, and its title (`digest-<number>`)
  finds it again if the run died before storing it;
- the content is set again on every run, right before sending, and a failed update stops the
  run, so stale content never goes out;
- `campaigns.get` is asked before `send`: only a campaign still in `save` or `paused` is sent,
  and a `send` that got no answer is checked again, never repeated blind.
"""

import time
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from hub import locks, mailchimp
from hub.deadlines import describe_moment
from hub.email import default_site_setting, network_settings, send_rendered
from hub.mailchimp import Mailchimp, MailchimpError
from newsletter import emails, links
from newsletter.models import Digest, DigestDelivery, NewsletterSettings, Subscriber
from newsletter.rendering import render_email

MAILCHIMP_UNSUBSCRIBE = "*|UNSUB|*"
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/"
SENDABLE = {"save", "paused"}
GONE_OUT = {"sending", "sent"}


class DigestBusy(Exception):
    """Another run is sending this digest right now."""


def lock_name(digest):
    return f"newsletter-digest-{digest.number}"


def sender():
    site_settings = default_site_setting(NewsletterSettings)
    network = network_settings()
    from_name = (site_settings and site_settings.from_name) or (
        network.network_name if network else "Network Hub"
    )
    reply_to = (site_settings and site_settings.reply_to) or (
        network.contact_email if network and network.contact_email else ""
    )
    return from_name, reply_to or settings.DEFAULT_FROM_EMAIL


def mark(digest, status, **fields):
    digest.status = status
    for name, value in fields.items():
        setattr(digest, name, value)
    digest.save(update_fields=["status", *fields])


def send(digest, user=None, now=None):
    """Send the digest now. Returns a sentence saying what happened; raises DigestBusy when
    another run holds it and MailchimpError when Mailchimp failed (the digest is then marked
    failed, with the error, and the next run resumes)."""
    with locks.exclusive(lock_name(digest)) as acquired:
        if not acquired:
            raise DigestBusy(f"Digest {digest.number} is being sent by another run.")
        digest.refresh_from_db()
        if digest.status == Digest.Status.SENT:
            return f"Digest {digest.number} was already sent."
        if digest.status == Digest.Status.SCHEDULED and mailchimp.is_configured():
            raise ValueError(f"Digest {digest.number} is scheduled in Mailchimp.")
        mark(digest, Digest.Status.SENDING, sending_started_at=now or timezone.now())
        try:
            if mailchimp.is_configured():
                return send_through_mailchimp(digest, user, now)
            return send_by_email(digest, user, now)
        except MailchimpError as error:
            mark(digest, Digest.Status.FAILED, last_error=error.message)
            raise


def ensure_campaign(gateway, digest):
    if digest.campaign_id:
        return digest.campaign_id
    found = gateway.find_campaign(digest.campaign_title)
    if found is None:
        from_name, reply_to = sender()
        found = gateway.create_campaign(
            digest.campaign_title, digest.subject, digest.preview_text, from_name, reply_to
        )
    digest.campaign_id = found["id"]
    digest.save(update_fields=["campaign_id"])
    return digest.campaign_id


def record_gone_out(digest, campaign, user, now):
    sent_at = campaign.get("send_time") or None
    mark(
        digest,
        Digest.Status.SENT,
        sent_at=sent_at or now or timezone.now(),
        sent_by=user,
        last_error="",
    )
    return f"Digest {digest.number} went out through Mailchimp (campaign {digest.campaign_id})."


def send_through_mailchimp(digest, user, now):
    gateway = Mailchimp()
    campaign_id = ensure_campaign(gateway, digest)
    campaign = gateway.campaign(campaign_id)
    if campaign["status"] in GONE_OUT:  # a run that died during send had sent it
        return record_gone_out(digest, campaign, user, now)
    html, text = render_email(digest, MAILCHIMP_UNSUBSCRIBE)
    gateway.set_content(campaign_id, html, text)
    campaign = gateway.campaign(campaign_id)
    if campaign["status"] in GONE_OUT:
        return record_gone_out(digest, campaign, user, now)
    if campaign["status"] not in SENDABLE:
        raise MailchimpError(
            None, f"The campaign is {campaign['status']!r}, so it was not sent", campaign_id
        )
    try:
        gateway.send(campaign_id)
    except MailchimpError as error:
        # No answer: the send may have happened, or may still be on its way; a refusal may
        # mean it went out a moment ago. Ask (a few times when there was no answer); never
        # send again blind. If it has not gone, the run fails and the next one asks first.
        if not went_out(gateway, campaign_id, checks=3 if error.status is None else 1):
            raise
    return record_gone_out(digest, gateway.campaign(campaign_id), user, now)


def went_out(gateway, campaign_id, checks=3, wait=2):
    for check in range(checks):
        if gateway.campaign(campaign_id)["status"] in GONE_OUT:
            return True
        if check < checks - 1:
            time.sleep(wait)
    return False


def send_test(digest, addresses):
    """A test of the exact email to these addresses: through Mailchimp's test send, or by the
    site's own email. The digest's status does not change."""
    if mailchimp.is_configured():
        gateway = Mailchimp()
        with locks.exclusive(lock_name(digest)) as acquired:
            if not acquired:
                raise DigestBusy(f"Digest {digest.number} is being sent by another run.")
            campaign_id = ensure_campaign(gateway, digest)
            if gateway.campaign(campaign_id)["status"] in GONE_OUT:
                return f"Digest {digest.number} has already gone out; no test was sent."
            html, text = render_email(digest, MAILCHIMP_UNSUBSCRIBE)
            gateway.set_content(campaign_id, html, text)
            gateway.send_test(campaign_id, addresses)
        return f"Test sent through Mailchimp to {', '.join(addresses)}."
    html, text = render_email(digest, links.absolute("/newsletter/"))
    for address in addresses:
        if not send_rendered(address, f"[Test] {digest.subject}", text, html):
            raise emails.EmailNotSent(f"The mail server did not accept the test to {address}.")
    return f"Test emailed to {', '.join(addresses)}."


def write_outbox(digest, folder):
    """The email as files, for checking by eye or sending by hand; contacts nobody."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    html, text = render_email(digest, MAILCHIMP_UNSUBSCRIBE)
    html_path = folder / f"digest-{digest.number}.html"
    text_path = folder / f"digest-{digest.number}.txt"
    html_path.write_text(html, encoding="utf-8")
    text_path.write_text(text, encoding="utf-8")
    return html_path, text_path


def send_by_email(digest, user, now):
    """Without Mailchimp: the campaign goes to the outbox folder and to every confirmed local
    subscriber, each with their own unsubscribe link. A delivery row is claimed before each
    message, so a re-run after a crash never emails anyone twice."""
    write_outbox(digest, settings.NEWSLETTER_OUTBOX_DIR)
    # Rendered once; each copy then gets its reader's own unsubscribe link.
    html, text = render_email(digest, UNSUBSCRIBE_PLACEHOLDER)
    failed = 0
    recipients = Subscriber.objects.filter(status=Subscriber.Status.SUBSCRIBED).exclude(
        digest_deliveries__digest=digest
    )
    for subscriber in recipients.iterator():
        try:
            delivery = DigestDelivery.objects.create(digest=digest, subscriber=subscriber)
        except IntegrityError:
            continue
        unsubscribe_url = links.unsubscribe_url(subscriber)
        if send_rendered(
            subscriber.email,
            digest.subject,
            text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
            html.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
            headers={"List-Unsubscribe": f"<{unsubscribe_url}>"},
        ):
            delivery.mark_sent()
        else:
            delivery.delete()  # known not sent: the next run tries again
            failed += 1
    if failed:
        message = f"{failed} email(s) were not accepted by the mail server; run again to retry."
        mark(digest, Digest.Status.FAILED, last_error=message)
        return f"Digest {digest.number}: {message}"
    mark(digest, Digest.Status.SENT, sent_at=now or timezone.now(), sent_by=user, last_error="")
    sent = digest.deliveries.count()
    return f"Digest {digest.number} was emailed to {sent} subscriber(s)."


def schedule(digest, moment, user=None, now=None):
    """Send at `moment`: Mailchimp holds the campaign until then (its content set now); without
    Mailchimp, `send_digest` from cron sends it once the moment has passed. Mailchimp accepts
    quarter hours only, so the site asks for them either way."""
    now = now or timezone.now()
    if moment <= now or moment.minute % 15 or moment.second or moment.microsecond:
        raise ValueError("Choose a time in the future on the quarter hour (:00, :15, :30, :45).")
    with locks.exclusive(lock_name(digest)) as acquired:
        if not acquired:
            raise DigestBusy(f"Digest {digest.number} is being sent by another run.")
        digest.refresh_from_db()
        if digest.status not in {Digest.Status.DRAFT, Digest.Status.FAILED}:
            raise ValueError(f"Digest {digest.number} is {digest.get_status_display().lower()}.")
        if mailchimp.is_configured():
            gateway = Mailchimp()
            campaign_id = ensure_campaign(gateway, digest)
            html, text = render_email(digest, MAILCHIMP_UNSUBSCRIBE)
            gateway.set_content(campaign_id, html, text)
            gateway.schedule(campaign_id, moment)
        mark(digest, Digest.Status.SCHEDULED, scheduled_for=moment, sent_by=user, last_error="")
    return (
        f"Digest {digest.number} is scheduled for {timezone.localtime(moment):%H:%M on %d %B %Y}."
    )


def follow_up_scheduled(digest, now=None):
    """For cron: a scheduled digest that Mailchimp has sent is recorded as sent; without
    Mailchimp, one whose time has come is sent now."""
    now = now or timezone.now()
    if mailchimp.is_configured():
        campaign = Mailchimp().campaign(digest.campaign_id)
        if campaign["status"] in GONE_OUT:
            return record_gone_out(digest, campaign, digest.sent_by, now)
    elif digest.scheduled_for <= now:
        return send(digest, user=digest.sent_by, now=now)
    return scheduled_words(digest)


def scheduled_words(digest):
    return f"Digest {digest.number} is scheduled for {describe_moment(digest.scheduled_for)}."
