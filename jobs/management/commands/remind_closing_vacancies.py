from django.core.management.base import BaseCommand

from jobs.notifications import remind_closing_vacancies


class Command(BaseCommand):
    help = (
        "Emails the member who posted each live vacancy closing within 48 hours, once per "
        "closing date. Run it hourly from cron; two runs at once remind once."
    )

    def handle(self, *args, **options):
        reminded = remind_closing_vacancies()
        self.stdout.write(f"Reminded the owners of {reminded} vacancy(ies) closing soon.")
