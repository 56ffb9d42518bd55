"""The emails the members app sends: plain text with an HTML alternative, both from templates
under templates/members/email/. Delivery follows the MAILERS setting.

A mail server that is down or slow must not lose what the person just did, so sending reports
failure instead of raising: the records are already saved, and the caller tells the person."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def send(to, template, context):
    """Sends the email; returns whether the mail server accepted it."""
    context = {**context, "max_age_days": settings.MEMBERS_INVITATION_MAX_AGE_DAYS}
    subject = render_to_string(f"members/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"members/email/{template}.txt", context)
    html = render_to_string(f"members/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=[to])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the %s email", template)
        return False
    return True


def send_invitation(invitation, url):
    return send(invitation.email, "invitation", {"invitation": invitation, "url": url})


def send_application_received(application):
    return send(application.contact_email, "application_received", {"application": application})


def send_application_declined(application):
    return send(application.contact_email, "application_declined", {"application": application})


def send_application_approved(application, invitation, url):
    return send(
        application.contact_email,
        "application_approved",
        {"application": application, "invitation": invitation, "url": url},
    )
