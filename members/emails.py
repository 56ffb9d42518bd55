"""The emails the members app sends: plain text with an HTML alternative, both from templates
under templates/members/email/. Delivery follows the MAILERS setting."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send(to, template, context):
    context = {**context, "max_age_days": settings.MEMBERS_INVITATION_MAX_AGE_DAYS}
    subject = render_to_string(f"members/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"members/email/{template}.txt", context)
    html = render_to_string(f"members/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_invitation(invitation, url):
    send(invitation.email, "invitation", {"invitation": invitation, "url": url})


def send_application_received(application):
    send(application.contact_email, "application_received", {"application": application})


def send_application_declined(application):
    send(application.contact_email, "application_declined", {"application": application})


def send_application_approved(application, invitation, url):
    send(
        application.contact_email,
        "application_approved",
        {"application": application, "invitation": invitation, "url": url},
    )
