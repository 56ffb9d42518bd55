"""The emails the site itself sends subscribers when Mailchimp is not set up. Every one carries
an unsubscribe link, in the text and in the List-Unsubscribe header."""

from hub.email import send_templated
from newsletter import links


class EmailNotSent(Exception):
    """The mail server did not accept the message; the caller records it and retries."""


def send_to_subscriber(subscriber, template, context):
    unsubscribe = links.unsubscribe_url(subscriber)
    sent = send_templated(
        subscriber.email,
        f"email/newsletter/{template}",
        {**context, "subscriber": subscriber, "unsubscribe_url": unsubscribe},
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    )
    if not sent:
        raise EmailNotSent(f"The mail server did not accept the {template} email.")


def send_confirmation(subscriber):
    send_to_subscriber(subscriber, "confirm", {"confirm_url": links.confirm_url(subscriber)})
