"""Sending the site's emails: plain text with an HTML alternative, from templates. Delivery
follows the MAILERS setting.

A mail server that is down or slow must not lose what the person just did, so sending reports
failure instead of raising: the caller has already saved its records, and tells the person."""

import logging
import smtplib

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from wagtail.models import Site

from hub.models import NetworkSettings

logger = logging.getLogger(__name__)


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


def send_templated(to, template, context, headers=None):
    """Renders `<template>_subject.txt`, `<template>.txt` and `<template>.html` and sends them
    to one address; returns whether the mail server accepted the message."""
    context = {**context, "network_name": network_name()}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return send_rendered(to, " ".join(subject.split()), body, html, headers)


def send_rendered(to, subject, text, html, headers=None):
    """Sends an email already rendered; returns whether the mail server accepted it."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the email “%s”", subject)
        return False
    return True
