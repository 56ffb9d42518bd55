"""When the mail server is down, nothing the person did is lost, and they are told plainly."""

import socket

import pytest
from django.urls import reverse

from members.models import Invitation, Membership, MembershipApplication, Organisation
from tests.factories import UserFactory
from tests.members.factories import (
    MembershipApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_server_down(settings):
    """A real SMTP backend pointed at a port on this machine where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2, "use_tls": False},
        }
    }


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_join_is_saved_when_the_confirmation_cannot_be_sent(client, join_data, mail_server_down):
    response = client.post(reverse("members:join"), join_data, follow=True)
    assert response.status_code == 200
    assert MembershipApplication.objects.get().contact_email == "alex@example.org"
    assert any("could not send you a confirmation" in text for text in messages_of(response))
    assert "We have emailed you a copy" not in response.content.decode()


def test_invitation_is_kept_and_the_admin_told_when_the_email_fails(client, mail_server_down):
    admin = MembershipFactory(organisation=OrganisationFactory(), role=Membership.Role.ADMIN)
    client.force_login(admin.user)
    url = reverse("members:invite_colleague", args=[admin.organisation.slug])
    response = client.post(
        url, {"email": "colleague@example.org", "role": "contributor"}, follow=True
    )
    assert response.status_code == 200
    assert Invitation.objects.filter(email="colleague@example.org").exists()
    assert any("could not send the invitation email" in text for text in messages_of(response))


def test_approval_stands_and_staff_are_told_when_the_email_fails(client, mail_server_down):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    application = MembershipApplicationFactory(contact_email="applicant@example.org")
    response = client.post(
        reverse("members_applications:edit", args=[application.pk]),
        {"decision": "approve", "decision_reason": "Welcome."},
        follow=True,
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert Organisation.objects.filter(pk=application.organisation_id, live=True).exists()
    assert any("could not be sent" in text for text in messages_of(response))
