from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import accounts, bulletin, jobs, members, site


class Command(BaseCommand):
    help = (
        "Builds demo content from public texts of London's equality sector. Safe to run again: "
        "what exists is kept, and nothing is duplicated. Refuses to run unless DEBUG is on, "
        "because the demo accounts have published passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts", action="store_true", help="Build content only; make no log-ins."
        )

    def handle(self, *args, no_accounts=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo content is for local sites only: set DEBUG=true to load it. "
                "It creates accounts whose passwords are printed in the README."
            )

        def report(what, count):
            self.stdout.write(f"  {what}: {count} created")

        self.stdout.write("Loading demo content")
        with transaction.atomic():
            site.build(report)
            demo_accounts = [] if no_accounts else accounts.build(report)
            members.build(report)
            jobs.build(report)
            bulletin.build(report)

        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        for account in demo_accounts:
            self.stdout.write(
                f"  {account['role']}: username {account['username']}, "
                f"password {account['password']}"
            )
