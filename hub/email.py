"""Sending the site's emails: plain text with an HTML alternative, from templates. Delivery
follows the MAILERS setting.

Every email a request causes goes through the queue (`queue_templated`): it is stored with
the change it tells about, sent by the task worker once that change is committed, retried with
a growing wait when the mail server refuses it, and sent once per key however often it is
queued, so no request ever waits on the mail server.

Work already in the background (the digest) sends directly (`send_rendered`), which reports
failure instead of raising: the caller has saved its records and retries."""

import hashlib
import logging
import smtplib
from datetime import timedelta
from email.utils import make_msgid, parseaddr
from functools import partial
from uuid import uuid4

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.admin.forms.auth import PasswordResetForm as AdminPasswordResetForm
from wagtail.models import Site, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from hub.models import NetworkSettings, OutgoingEmail

logger = logging.getLogger(__name__)

# Waits after each failed attempt; after the last, staff see the failure in the admin.
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 30, 120, 360, 720, 1440)]
# A sender holds an email this long: far beyond EMAIL_TIMEOUT, so only a sender that died
# lets it go to another.
SENDING_LEASE = timedelta(minutes=15)


def default_site_setting(setting_model):
    """A site setting of the default site, for work done outside a request (emails, cron);
    None before any site exists."""
    site = Site.objects.filter(is_default_site=True).first()
    return setting_model.for_site(site) if site else None


def network_settings():
    return default_site_setting(NetworkSettings)


def network_name():
    """The name people know the network by, as the site's header shows it."""
    network = network_settings()
    return network.network_name if network else "Network Hub"


def render_templated(template, context):
    """(subject, text, html) from `<template>_subject.txt`, `<template>.txt` and
    `<template>.html`."""
    context = {**context, "network_name": network_name()}
    subject = render_to_string(f"{template}_subject.txt", context)
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return " ".join(subject.split()), text, html


def message(to, subject, text, html, headers=None):
    email = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers)
    if html:
        email.attach_alternative(html, "text/html")
    return email


def send_rendered(to, subject, text, html, headers=None):
    """Sends an email already rendered; returns whether the mail server accepted it."""
    try:
        message(to, subject, text, html, headers).send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the email “%s”", subject)
        return False
    return True


# The queue ------------------------------------------------------------------------------------


def queue_templated(to, template, context, key=None, headers=None):
    """Renders the email now and stores it; the task worker sends it once the current
    transaction commits (and `manage.py send_queued_email` if the worker does not). An email
    already queued under `key` is returned as it is: the same notification is never queued
    twice. Returns the stored email."""
    return queue_rendered(to, *render_templated(template, context), key=key, headers=headers)


def queue_rendered(to, subject, text, html="", key=None, headers=None):
    """Stores an email already rendered, as `queue_templated` does; `html` may be empty."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or None
    headers = {
        # The same Message-ID on every attempt, so a retry is recognisably the same message;
        # Auto-Submitted keeps out-of-office replies away.
        "Message-ID": make_msgid(domain=domain),
        "Auto-Submitted": "auto-generated",
        **(headers or {}),
    }
    email, created = OutgoingEmail.objects.get_or_create(
        key=key or uuid4().hex,
        defaults={
            "to": to,
            "subject": subject,
            "text": text,
            "html": html,
            "headers": headers,
            "next_attempt_at": timezone.now(),
        },
    )
    if created:
        from hub.tasks import send_queued_email  # hub.tasks imports this module

        # robust: a queue that cannot take the task must not fail the committed request;
        # the cron command sends the email anyway.
        transaction.on_commit(partial(send_queued_email.enqueue, email.pk), robust=True)
    return email


def send_queued(email_id, now=None):
    """Sends one queued email if it is due and no other sender holds it: returns True when it
    was sent now, False when the attempt failed, None when there was nothing to do.

    Claiming is one conditional UPDATE (not sent, attempt due) that also sets the lease, so
    two senders at once never both send it, on PostgreSQL or SQLite, and no transaction stays
    open while the mail server is slow."""
    now = now or timezone.now()
    claimed = (
        OutgoingEmail.objects.due(now)
        .filter(pk=email_id)
        .update(attempts=F("attempts") + 1, next_attempt_at=now + SENDING_LEASE)
    )
    if not claimed:
        return None
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        message(email.to, email.subject, email.text, email.html, email.headers).send()
    except Exception as error:  # noqa: BLE001 -- whatever the mailer raised is kept for staff
        retry = email.attempts <= len(RETRY_DELAYS)
        # The error itself, which may name the address, is kept on the row, not in the log.
        logger.warning(
            "Queued email %s, attempt %s, failed%s: %s",
            email.pk,
            email.attempts,
            "" if retry else " for the last time",
            type(error).__name__,
        )
        email.last_error = f"{type(error).__name__}: {error}"
        email.next_attempt_at = now + RETRY_DELAYS[email.attempts - 1] if retry else None
        email.save(update_fields=["last_error", "next_attempt_at"])
        return False
    email.sent_at = timezone.now()
    email.next_attempt_at = None
    email.save(update_fields=["sent_at", "next_attempt_at"])
    return True


def send_due(now=None):
    """Sends every queued email that is due, oldest first; returns (sent, failed)."""
    due = OutgoingEmail.objects.due(now).order_by("next_attempt_at", "pk")
    sent = failed = 0
    for email_id in list(due.values_list("pk", flat=True)):
        outcome = send_queued(email_id, now)
        sent += outcome is True
        failed += outcome is False
    return sent, failed


#: Days a sent email stays in the queue: long enough for staff to answer "did it go?", short
#: enough that reset links and people's details do not pile up.
SENT_EMAIL_KEEP_DAYS = 90


def prune_sent(now=None):
    """Deletes emails sent more than SENT_EMAIL_KEEP_DAYS ago; returns how many. Their keys go
    with them, which is safe: every key names an event (an application, a link, a closing
    date) that is long over by then. Unsent ones stay for staff to see."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=SENT_EMAIL_KEEP_DAYS)
    deleted, _ = OutgoingEmail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


class QueuedAdminPasswordResetForm(AdminPasswordResetForm):
    """The admin's password reset (WAGTAILADMIN_USER_PASSWORD_RESET_FORM), its email queued
    like every other instead of sent inside the request. One email per link: a form sent
    twice in the same second makes the same link, so queues one."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        text = render_to_string(email_template_name, context)
        queue_rendered(context["email"], subject, text, key=reset_link_key("admin", context))


def reset_link_key(prefix, context):
    """A queue key naming one password-reset link without giving it away: staff see keys in
    the admin, and the link's token is a password."""
    digest = hashlib.sha256(f"{context['uid']}/{context['token']}".encode()).hexdigest()
    return f"{prefix}-password-reset-{digest}"


# Wagtail's workflow emails --------------------------------------------------------------------

_MODELS_WITH_OWN_WORKFLOW_EMAILS = set()


class _UnlessOwnWorkflowEmails:
    """One of Wagtail's workflow notifiers, skipped for the models that send their own."""

    def __init__(self, notifier):
        self.notifier = notifier

    def __call__(self, instance, **kwargs):
        state = instance if isinstance(instance, WorkflowState) else instance.workflow_state
        model = state.content_type.model_class()
        if model is not None and issubclass(model, tuple(_MODELS_WITH_OWN_WORKFLOW_EMAILS)):
            return False
        return self.notifier(instance=instance, **kwargs)


def send_own_workflow_emails(model):
    """Wagtail emails moderators when something is submitted and the submitter when it is
    approved or sent back, inside the request, with admin links. An app that sends its own
    emails for `model` (through the queue) calls this from its ready(), and Wagtail's stay
    quiet for that model and its subclasses; other models keep them.

    Each of Wagtail's notifiers is replaced under its own dispatch_uid: if wagtail.admin has
    connected it, it is disconnected; if not yet, its later connect finds the uid taken."""
    from wagtail.admin import signal_handlers as wagtail_handlers

    _MODELS_WITH_OWN_WORKFLOW_EMAILS.add(model)
    for signal, sender, uid, notifier in [
        (
            task_submitted,
            TaskState,
            "group_approval_task_submitted_email_notification",
            wagtail_handlers.task_submission_email_notifier,
        ),
        (
            workflow_submitted,
            WorkflowState,
            "workflow_state_submitted_email_notification",
            wagtail_handlers.workflow_submission_email_notifier,
        ),
        (
            workflow_rejected,
            WorkflowState,
            "workflow_state_rejected_email_notification",
            wagtail_handlers.workflow_rejection_email_notifier,
        ),
        (
            workflow_approved,
            WorkflowState,
            "workflow_state_approved_email_notification",
            wagtail_handlers.workflow_approval_email_notifier,
        ),
    ]:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(
            _UnlessOwnWorkflowEmails(notifier), sender=sender, dispatch_uid=uid, weak=False
        )
