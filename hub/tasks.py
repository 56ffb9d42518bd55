"""Background work of the core, done by `manage.py db_worker`."""

from django_tasks import task

from hub import email


@task()
def send_queued_email(email_id):
    """Sends one queued email; a failure is recorded on it and `send_queued_email` (the
    command) retries it when its wait is over."""
    email.send_queued(email_id)
