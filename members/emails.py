"""The emails the members app sends, from templates under templates/email/members/. Each
returns whether the mail server accepted it, and never raises (see hub.email)."""

from django.conf import settings
from django.contrib.auth import get_user_model

from hub.email import network_settings, send_templated


def send(to, template, context):
    """Sends templates/email/members/<template>*; returns whether the mail server accepted it."""
    context = {**context, "max_age_days": settings.MEMBERS_INVITATION_MAX_AGE_DAYS}
    return send_templated(to, f"email/members/{template}", context)


def send_invitation(invitation, url):
    has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    return send(
        invitation.email,
        "invitation",
        {"invitation": invitation, "url": url, "has_account": has_account},
    )


def send_application_received(application):
    return send(application.contact_email, "application_received", {"application": application})


def send_new_application_to_staff(application, review_url):
    """Tells the network's shared address that an application awaits review, if one is set."""
    network = network_settings()
    if not (network and network.contact_email):
        return False
    return send(
        network.contact_email,
        "new_application",
        {"application": application, "review_url": review_url},
    )


def send_application_declined(application):
    return send(application.contact_email, "application_declined", {"application": application})


def send_application_approved(application, invitation, url):
    return send(
        application.contact_email,
        "application_approved",
        {"application": application, "invitation": invitation, "url": url},
    )
