"""The emails the members app sends, from templates under templates/email/members/. Each goes
through the queue (hub.email.queue_templated) with a key naming its event, so a form sent twice,
or a retry, emails once; none is sent inside the request, so a slow or broken mail server never
holds up the person."""

from django.conf import settings
from django.contrib.auth import get_user_model

from hub.email import network_settings, queue_templated, render_templated, reset_link_key

PASSWORD_RESET = "email/members/password_reset"  # noqa: S105 -- a template name


def queue(to, template, context, key):
    """Queues templates/email/members/<template>*; returns the stored email."""
    context = {**context, "max_age_days": settings.MEMBERS_INVITATION_MAX_AGE_DAYS}
    return queue_templated(to, f"email/members/{template}", context, key=key)


def queue_invitation(invitation, url):
    has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    return queue(
        invitation.email,
        "invitation",
        {"invitation": invitation, "url": url, "has_account": has_account},
        key=f"members-invitation-{invitation.pk}",
    )


def queue_application_received(application):
    return queue(
        application.contact_email,
        "application_received",
        {"application": application},
        key=f"members-application-{application.pk}-received",
    )


def queue_new_application_to_staff(application, review_url):
    """Tells the network's shared address that an application awaits review, if one is set."""
    network = network_settings()
    if not (network and network.contact_email):
        return None
    return queue(
        network.contact_email,
        "new_application",
        {"application": application, "review_url": review_url},
        key=f"members-application-{application.pk}-to-staff",
    )


def queue_application_declined(application):
    return queue(
        application.contact_email,
        "application_declined",
        {"application": application},
        key=f"members-application-{application.pk}-declined",
    )


def queue_application_approved(application, invitation, url):
    return queue(
        application.contact_email,
        "application_approved",
        {"application": application, "invitation": invitation, "url": url},
        key=f"members-application-{application.pk}-approved",
    )


def queue_password_reset(to, context):
    """One email per reset link: the token is the same for a form sent twice in one second (a
    double click), so that queues one email."""
    return queue_templated(
        to,
        PASSWORD_RESET,
        context,
        key=reset_link_key("members", context),
    )


def render_password_reset(context):
    """Renders the reset email and throws it away: an unknown address costs the request what a
    known one does, so the answer's timing does not tell whether an account exists."""
    render_templated(PASSWORD_RESET, context)
