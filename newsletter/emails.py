"""The emails the site itself sends subscribers when Mailchimp is not set up. Every one carries
an unsubscribe link, in the text and in the List-Unsubscribe header."""

from hub.email import queue_templated
from hub.models import OutgoingEmail
from newsletter import links


class EmailNotSent(Exception):
    """The mail server did not accept the message; the caller records it and retries."""


def send_confirmation(subscriber):
    """Queues the double opt-in email, which hub.email's queue sends and retries, so the mail
    server is never waited on here. One confirmation waits at a time: the sign-up form sent
    twice before it goes queues one email; signing up after it went queues a new one."""
    prefix = f"newsletter-confirm-{subscriber.pk}-"
    already_sent = OutgoingEmail.objects.filter(key__startswith=prefix, sent_at__isnull=False)
    unsubscribe = links.unsubscribe_url(subscriber)
    return queue_templated(
        subscriber.email,
        "email/newsletter/confirm",
        {
            "subscriber": subscriber,
            "confirm_url": links.confirm_url(subscriber),
            "unsubscribe_url": unsubscribe,
        },
        key=f"{prefix}{already_sent.count() + 1}",
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    )
