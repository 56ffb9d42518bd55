"""Error emails to ADMINS through the site's email queue (hub.email), never sent inside the
failing request: Django's AdminEmailHandler talks to the mail server there and then, so a hung
server would hold the 500 page for the whole SMTP timeout.

A storm of one error (a broken page that every visitor hits) queues one email per admin an
hour, not one per request: the queue keeps one email per key. Every occurrence is still on
stderr. This module is loaded with the LOGGING setting, before the apps are ready, so it
reaches the models only when an error is mailed."""

import hashlib
import threading
import traceback

from django.conf import settings
from django.utils import timezone
from django.utils.log import AdminEmailHandler

# One email per admin for the same error within this many seconds.
ERROR_MAIL_WINDOW_SECONDS = 3600


def error_key(record, subject, now=None):
    """Names "the same error" within one window: the exception's class and the line that raised
    it, whatever the message says (it may name a changing path or id); without an exception,
    the subject (level and message). Keyed by place, an error in queueing an error email
    itself comes round to the same key and stops, where a message naming each email's id
    would queue another for ever."""
    now = now or timezone.now()
    place = subject
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        frames = traceback.extract_tb(error.__traceback__)
        place = type(error).__qualname__
        if frames:
            place += f" {frames[-1].filename}:{frames[-1].lineno}"
    window = int(now.timestamp()) // ERROR_MAIL_WINDOW_SECONDS
    return hashlib.sha256(f"{place}\n{window}".encode()).hexdigest()


class QueuedAdminEmailHandler(AdminEmailHandler):
    """AdminEmailHandler whose email goes through the queue: the request only stores it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # emit() passes the record's key to send_mail(), per thread.
        self.current = threading.local()

    def emit(self, record):
        if not settings.ADMINS:
            return
        try:
            self.current.record = record
            super().emit(record)
        except Exception:  # noqa: BLE001 -- a failed error email must not fail the request
            # Printed to stderr by logging, beside the error itself.
            self.handleError(record)
        finally:
            self.current.record = None

    def send_mail(self, subject, message, *args, html_message=None, **kwargs):
        from hub.email import queue_rendered  # needs the apps, ready by the first error

        subject = f"{settings.EMAIL_SUBJECT_PREFIX}{subject}"
        key = error_key(self.current.record, subject)
        for admin in settings.ADMINS:
            admin_key = hashlib.sha256(f"{key}\n{admin}".encode()).hexdigest()
            queue_rendered(
                admin,
                subject,
                message,
                html_message or "",
                key=f"error-{admin_key}",
                headers={"From": settings.SERVER_EMAIL},
            )
