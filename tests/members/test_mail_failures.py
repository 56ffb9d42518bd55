"""When the mail server is down, nothing the person did is lost, no one is kept waiting, and
the emails go once it is back: they are queued (hub.email), never sent inside the request."""

import socket

import pytest
from django.core import mail
from django.urls import reverse

from hub.email import send_due
from hub.models import OutgoingEmail
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


def mail_server_back(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def waiting_for(address):
    return OutgoingEmail.objects.get(to=address, sent_at=None)


def test_join_is_saved_and_its_email_sent_once_the_server_is_back(
    client, join_data, mail_server_down, settings
):
    response = client.post(reverse("members:join"), join_data, follow=True)
    assert response.status_code == 200
    assert MembershipApplication.objects.get().contact_email == "alex@example.org"
    assert messages_of(response) == []
    assert "We are emailing you a copy" in response.content.decode()

    assert send_due() == (0, 1)
    assert "ConnectionRefusedError" in waiting_for("alex@example.org").last_error
    mail_server_back(settings)
    # The first retry waits a minute.
    later = OutgoingEmail.objects.get().next_attempt_at
    assert send_due(later) == (1, 0)
    assert [message.to for message in mail.outbox] == [["alex@example.org"]]


def test_invitation_is_kept_and_its_email_waits_for_the_server(client, mail_server_down):
    admin = MembershipFactory(organisation=OrganisationFactory(), role=Membership.Role.ADMIN)
    client.force_login(admin.user)
    url = reverse("members:invite_colleague", args=[admin.organisation.slug])
    response = client.post(
        url, {"email": "colleague@example.org", "role": "contributor"}, follow=True
    )
    assert response.status_code == 200
    assert Invitation.objects.filter(email="colleague@example.org").exists()
    assert messages_of(response) == ["We are emailing an invitation to colleague@example.org."]
    assert waiting_for("colleague@example.org").subject.startswith("You're invited to")


def test_approval_stands_and_its_email_waits_for_the_server(client, mail_server_down):
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
    assert any("is being emailed a link" in text for text in messages_of(response))
    assert "Welcome." in waiting_for("applicant@example.org").text
