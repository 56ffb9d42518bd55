from django.core.management.base import BaseCommand

from hub import contact, email


class Command(BaseCommand):
    help = (
        "Deletes what the site keeps no longer than it says: contact messages older than "
        f"{contact.RETENTION_MONTHS} months (the contact page promises it) and emails sent more "
        f"than {email.SENT_EMAIL_KEEP_DAYS} days ago (with the links and details in them). "
        "Run it daily from cron."
    )

    def handle(self, *args, **options):
        messages = contact.prune_messages()
        emails = email.prune_sent()
        self.stdout.write(f"Deleted {messages} contact message(s) and {emails} sent email(s).")
