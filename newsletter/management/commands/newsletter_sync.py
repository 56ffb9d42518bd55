from django.core.management.base import BaseCommand
from django.utils import timezone

from newsletter import sync
from newsletter.models import Subscriber


class Command(BaseCommand):
    help = (
        "Retries the newsletter sign-ups whose sync to Mailchimp (or confirmation email) failed "
        "for a reason that may have passed, once their wait is over. Run it from cron every few "
        "minutes; it does nothing when nothing is due."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        due = list(Subscriber.objects.due_for_sync(now).order_by("next_sync_at"))
        for subscriber in due:
            sync.sync(subscriber, now=now)
        failed = sum(s.sync_state == Subscriber.SyncState.FAILED for s in due)
        self.stdout.write(
            f"Retried {len(due)} sign-up(s): {len(due) - failed} done, {failed} failed."
        )
