from django.core.management.base import BaseCommand, CommandError

from hub import mailchimp
from hub.mailchimp import Mailchimp, MailchimpError
from newsletter.models import Interest


class Command(BaseCommand):
    help = (
        "Checks the Mailchimp set-up: the API key answers, the audience exists, it has an "
        "interest group for each newsletter topic, and whether it has GDPR fields. Says what "
        "is wrong in plain words; exits 1 if anything is."
    )

    def handle(self, *args, **options):
        if not mailchimp.is_configured():
            raise CommandError(
                "MAILCHIMP_API_KEY is not set: the site runs its own double opt-in and sends "
                "digests by email itself. Set MAILCHIMP_API_KEY and MAILCHIMP_AUDIENCE_ID to use "
                "Mailchimp."
            )
        gateway = Mailchimp()
        problems = []
        try:
            gateway.ping()
            self.stdout.write(f"The API key works ({gateway.client.api_client.host}).")
            audience = gateway.audience()
            self.stdout.write(f"Audience: {audience['name']} ({audience['id']}).")
            problems += self.check_interests(gateway)
            self.report_gdpr(audience)
        except MailchimpError as error:
            problems.append(self.explain(error))
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS("Mailchimp is ready for the newsletter."))

    def check_interests(self, gateway):
        groups = {
            interest["name"].strip().lower()
            for category in gateway.interest_categories()
            for interest in gateway.interests(category["id"])
        }
        missing = [label for _, label in Interest.choices if label.lower() not in groups]
        if not missing:
            self.stdout.write("Interest groups: one for each newsletter topic.")
            return []
        return [
            "The audience has no interest group named "
            + ", ".join(f"“{label}”" for label in missing)
            + ". Add them (Audience → Manage contacts → Groups) so sign-ups' choices reach "
            "Mailchimp; until then those choices are kept only on the site."
        ]

    def report_gdpr(self, audience):
        if audience.get("marketing_permissions"):
            self.stdout.write(
                "GDPR fields: on. Sign-ups grant the audience's email marketing permission."
            )
        else:
            self.stdout.write("GDPR fields: off. Consent is recorded on the site only.")

    def explain(self, error):
        if error.status == 401:
            return f"Mailchimp refused the API key: {error.message}. Check MAILCHIMP_API_KEY."
        if error.status == 404:
            return (
                f"Mailchimp has no audience {Mailchimp().audience_id!r}: {error.message}. "
                "Check MAILCHIMP_AUDIENCE_ID (Audience → Settings → Audience name and defaults)."
            )
        if error.status is None:
            return (
                f"Mailchimp did not answer: {error.message}. Check the network, "
                "MAILCHIMP_SERVER_PREFIX and MAILCHIMP_API_BASE_URL."
            )
        return f"Mailchimp answered with an error: {error.message}."
