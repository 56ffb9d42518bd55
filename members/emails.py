"""The emails the members app sends: plain text with an HTML alternative, both from templates
under templates/members/email/. Delivery follows the MAILERS setting.

A mail server that is down or slow must not lose what the person just did, so sending reports
failure instead of raising: the records are already saved, and the caller tells the person."""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from wagtail.models import Site

from hub.models import NetworkSettings

logger = logging.getLogger(__name__)


def network_settings():
    site = Site.objects.filter(is_default_site=True).first()
    return NetworkSettings.for_site(site) if site else None


def network_name():
    """The name people know the network by, as the site's header shows it."""
    network = network_settings()
    return network.network_name if network else "Network Hub"


def send(to, template, context):
    """Sends the email; returns whether the mail server accepted it."""
    context = {
        **context,
        "max_age_days": settings.MEMBERS_INVITATION_MAX_AGE_DAYS,
        "network_name": network_name(),
    }
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
    has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    return send(
        invitation.email,
        "invitation",
        {"invitation": invitation, "url": url, "has_account": has_account},
    )


def send_application_received(application):
    return send(application.contact_email, "application_received", {"application": application})


def send_new_application_to_staff(application, review_url):
    """Tells the network's shared address that an application awaits review, if one is set."""
    network = network_settings()
    if not (network and network.contact_email):
        return False
    return send(
        network.contact_email,
        "new_application",
        {"application": application, "review_url": review_url},
    )


def send_application_declined(application):
    return send(application.contact_email, "application_declined", {"application": application})


def send_application_approved(application, invitation, url):
    return send(
        application.contact_email,
        "application_approved",
        {"application": application, "invitation": invitation, "url": url},
    )
