from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from hub.deadlines import LONDON
from hub.mailchimp import MailchimpError
from newsletter import digests, emails, sending


def london_time(text):
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)
    except ValueError:
        raise CommandError(
            f"Give the time as '2026-12-03 09:00' (London time), not {text!r}."
        ) from None


class Command(BaseCommand):
    help = (
        "Compiles the next newsletter digest (or takes the editor's draft, or resumes one a "
        "failed run left) and sends it: through Mailchimp when MAILCHIMP_API_KEY is set, else "
        "by the site's own email to confirmed subscribers. When nothing is new it says so, "
        "sends nothing and exits 0. Safe to run from cron: it never sends a digest twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--test-to",
            metavar="ADDRESS",
            nargs="+",
            help="Send a test of the digest to these addresses instead; it stays unsent.",
        )
        parser.add_argument(
            "--schedule",
            metavar="WHEN",
            type=london_time,
            help="Schedule it for this London time instead, on the quarter hour: "
            "'2026-12-03 09:00'.",
        )
        parser.add_argument(
            "--output",
            metavar="FOLDER",
            help="Write the digest's .html and .txt to this folder and contact nobody.",
        )

    def handle(self, *args, test_to=None, output=None, schedule=None, **options):
        digest, created = digests.compile_next()
        if digest is None:
            self.stdout.write("Nothing new since the last digest: nothing was sent.")
            return
        what = "Compiled" if created else "Taking"
        self.stdout.write(
            f"{what} digest {digest.number} ({digest.digest_items.count()} items, "
            f"{digest.get_status_display().lower()})."
        )
        try:
            if output:
                for path in sending.write_outbox(digest, output):
                    self.stdout.write(f"Wrote {path}")
                return
            if test_to:
                self.stdout.write(sending.send_test(digest, test_to))
                return
            if schedule:
                self.stdout.write(sending.schedule(digest, schedule))
                return
            if digest.status == digest.Status.SCHEDULED:
                self.stdout.write(sending.follow_up_scheduled(digest))
                return
            self.stdout.write(self.style.SUCCESS(sending.send(digest)))
        except ValueError as refused:
            raise CommandError(str(refused)) from None
        except sending.DigestBusy as busy:
            self.stdout.write(f"{busy} Nothing more to do.")
        except (MailchimpError, emails.EmailNotSent) as error:
            raise CommandError(
                f"Digest {digest.number} was not sent: {error}. Run again to resume; it will "
                "not be sent twice."
            ) from None
