from django.core.management.base import BaseCommand

from hub import email


class Command(BaseCommand):
    help = (
        "Sends the queued emails that are due: any the task worker has not sent, and failed ones "
        "whose wait is over. Run it from cron every few minutes. Safe beside the worker and "
        "another run: each email is claimed before it is sent, and a sent one never again."
    )

    def handle(self, *args, **options):
        sent, failed = email.send_due()
        self.stdout.write(f"Sent {sent} queued email(s); {failed} failed and wait to be retried.")
