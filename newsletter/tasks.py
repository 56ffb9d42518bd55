"""Background work: the visitor's request only saves the record and enqueues this."""

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

from hub.mailchimp import MailchimpError
from newsletter import emails, sending, sync
from newsletter.models import Digest, Subscriber

logger = logging.getLogger(__name__)


@task()
def sync_subscriber(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is not None:  # erased since the task was enqueued
        sync.sync(subscriber)


@task()
def send_digest_task(digest_id, user_id=None):
    """A staff member's "Send now": the same exactly-once sending as `manage.py send_digest`,
    off the request. A failure is recorded on the digest for staff to see."""
    digest = Digest.objects.filter(pk=digest_id).first()
    if digest is None:
        return
    user = get_user_model().objects.filter(pk=user_id).first()
    try:
        sending.send(digest, user=user)
    except (MailchimpError, emails.EmailNotSent, sending.DigestBusy) as error:
        logger.warning("Digest %s was not sent: %s", digest.number, error)
