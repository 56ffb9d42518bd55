"""Signed links in newsletter emails: confirming a sign-up (expires) and unsubscribing (does
not: an old email's link must still work)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from newsletter.models import Subscriber

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def confirm_url(subscriber):
    token = signing.dumps([subscriber.pk, subscriber.email], salt=CONFIRM_SALT)
    return absolute(reverse("newsletter:confirm", args=[token]))


def unsubscribe_url(subscriber):
    token = signing.dumps([subscriber.pk, subscriber.email], salt=UNSUBSCRIBE_SALT)
    return absolute(reverse("newsletter:unsubscribe", args=[token]))


def subscriber_from_token(token, salt, max_age=None):
    """The subscriber a link was made for, or None when the link is forged, expired, or for an
    address that has since been erased or changed."""
    try:
        pk, email = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscriber.objects.filter(pk=pk, email=email).first()
