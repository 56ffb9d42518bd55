"""Staff decisions on membership applications: approve (creating the organisation and inviting
its first admin) or decline. Members' profile edits go through hub.moderation."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from members import emails, invitations
from members.models import Membership, MembershipApplication, Organisation


def unique_slug(name):
    base = slugify(name)[:190] or "organisation"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def approve(application, user, reason, request):
    """Create the organisation (published and active, joined today) and invite the applicant to
    set up its account as organisation admin; the email with the link is queued. Returns the
    organisation."""
    with transaction.atomic():
        organisation = Organisation(
            name=application.name,
            slug=unique_slug(application.name),
            short_description=application.short_description,
            website=application.website,
            contact_email=application.public_email,
            charity_number=application.charity_number,
            company_number=application.company_number,
            user_led=application.user_led,
            status=Organisation.Status.ACTIVE,
            joined_on=timezone.localdate(),
        )
        organisation.save()
        organisation.boroughs.set(application.boroughs.all())
        organisation.equality_areas.set(application.equality_areas.all())
        organisation.save()
        organisation.save_revision(user=user, log_action=True).publish(user=user)

        record_decision(application, MembershipApplication.Status.APPROVED, user, reason)
        application.organisation = organisation
        application.save(update_fields=["organisation"])
        invitation = invitations.invite(
            organisation, application.contact_email, Membership.Role.ADMIN, invited_by=user
        )
        # Stored with the records; sent once they are committed, so the link works.
        emails.queue_application_approved(
            application, invitation, invitations.accept_url(request, invitation)
        )
    return organisation


@transaction.atomic
def decline(application, user, reason):
    """Records the decision and queues the email with the reason."""
    record_decision(application, MembershipApplication.Status.DECLINED, user, reason)
    emails.queue_application_declined(application)


def record_decision(application, status, user, reason):
    application.status = status
    application.decision_reason = reason
    application.decided_at = timezone.now()
    application.decided_by = user
    application.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
