"""The members' and newsletter's emails are queued (hub.OutgoingEmail), never sent inside the
request; the same form sent twice makes one record and one email; a password reset costs the
same for known and unknown addresses."""

import statistics
import time
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from hub.email import send_due
from hub.models import NetworkSettings, OutgoingEmail
from members import invitations
from members.models import Invitation, Membership, MembershipApplication
from newsletter.models import Subscriber
from tests.factories import UserFactory
from tests.members.factories import (
    MembershipApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

STAFF_ADDRESS = "team@network.example"


@pytest.fixture
def staff_address(home):
    network = NetworkSettings.for_site(home.get_site())
    network.contact_email = STAFF_ADDRESS
    network.save()


def queued():
    return sorted(OutgoingEmail.objects.values_list("to", flat=True))


def test_a_join_queues_its_two_emails_and_sends_none(client, join_data, staff_address):
    response = client.post(reverse("members:join"), join_data)
    assert response.status_code == 302
    assert mail.outbox == []
    assert queued() == ["alex@example.org", STAFF_ADDRESS]
    assert send_due() == (2, 0)
    assert sorted(message.to[0] for message in mail.outbox) == queued()


def test_the_join_form_sent_twice_makes_one_application_and_two_emails(
    client, join_data, staff_address
):
    first = client.post(reverse("members:join"), join_data)
    # A retry after a slow answer: the same organisation and contact, typed in another case.
    again = {**join_data, "name": join_data["name"].upper(), "contact_email": "Alex@Example.org"}
    second = client.post(reverse("members:join"), again)
    assert first["Location"] == second["Location"] == reverse("members:join_thanks")
    assert MembershipApplication.objects.count() == 1
    assert queued() == ["alex@example.org", STAFF_ADDRESS]


def test_the_database_holds_one_pending_application_per_organisation_and_contact():
    MembershipApplicationFactory(name="Roma Support", contact_email="kim@example.org")
    with pytest.raises(IntegrityError):
        MembershipApplicationFactory(name="roma support", contact_email="KIM@example.org")


def test_after_a_decision_the_same_contact_may_apply_again(client, join_data):
    MembershipApplicationFactory(
        name=join_data["name"],
        contact_email=join_data["contact_email"],
        status=MembershipApplication.Status.DECLINED,
    )
    client.post(reverse("members:join"), join_data)
    assert MembershipApplication.objects.count() == 2


def test_an_invitation_is_queued(client):
    admin = MembershipFactory(organisation=OrganisationFactory(), role=Membership.Role.ADMIN)
    client.force_login(admin.user)
    url = reverse("members:invite_colleague", args=[admin.organisation.slug])
    response = client.post(url, {"email": "colleague@example.org", "role": "contributor"})
    assert response.status_code == 302
    assert mail.outbox == []
    invitation = Invitation.objects.get()
    email = OutgoingEmail.objects.get()
    assert email.key == f"members-invitation-{invitation.pk}"
    assert email.to == "colleague@example.org"


def test_the_invitation_form_sent_twice_makes_one_invitation_and_one_email(client):
    admin = MembershipFactory(organisation=OrganisationFactory(), role=Membership.Role.ADMIN)
    client.force_login(admin.user)
    url = reverse("members:invite_colleague", args=[admin.organisation.slug])
    for _ in range(2):
        client.post(url, {"email": "colleague@example.org", "role": "contributor"})
    assert Invitation.objects.count() == 1
    assert queued() == ["colleague@example.org"]


def test_inviting_again_later_sends_a_new_link_and_withdraws_the_old(client):
    organisation = OrganisationFactory()
    first = invitations.invite(organisation, "kim@example.org", Membership.Role.CONTRIBUTOR)
    later = first.created_at + invitations.RESUBMISSION_WINDOW + timedelta(seconds=1)
    second = invitations.invite(
        organisation, "kim@example.org", Membership.Role.CONTRIBUTOR, now=later
    )
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.revoked_at == later


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_staff_decisions_are_queued(client, decision):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    application = MembershipApplicationFactory(contact_email="applicant@example.org")
    client.post(
        reverse("members_applications:edit", args=[application.pk]),
        {"decision": decision, "decision_reason": "Our reasons."},
    )
    assert mail.outbox == []
    email = OutgoingEmail.objects.get()
    past = {"approve": "approved", "decline": "declined"}[decision]
    assert email.key == f"members-application-{application.pk}-{past}"
    assert "Our reasons." in email.text


def test_the_newsletter_form_sent_twice_makes_one_subscriber_and_one_email(client, home):
    data = {"email": "reader@example.org", "consent": "on", "interests": ["jobs"]}
    assert client.post("/newsletter/", data).status_code == 302
    assert client.post("/newsletter/", data).status_code == 302
    assert Subscriber.objects.count() == 1
    assert queued() == ["reader@example.org"]
    assert mail.outbox == []


# Password reset ------------------------------------------------------------------------------


def reset(client, email):
    started = time.perf_counter()
    response = client.post(reverse("members:password_reset"), {"email": email})
    return response, time.perf_counter() - started


def test_a_reset_queues_one_email_for_a_known_address_and_none_for_an_unknown(client):
    UserFactory(email="known@example.org")
    known, _ = reset(client, "known@example.org")
    assert queued() == ["known@example.org"]
    unknown, _ = reset(client, "unknown@example.org")
    assert queued() == ["known@example.org"]
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert mail.outbox == []
    send_due()
    [message] = mail.outbox
    assert "/account/password-reset/" in message.body
    # Staff see the queue's keys in the admin: the key must not give the link away.
    token = message.body.split("/account/password-reset/")[1].split("/")[1]
    assert token not in OutgoingEmail.objects.get().key


def test_a_double_click_on_reset_queues_one_email(client, monkeypatch):
    UserFactory(email="known@example.org")
    # Both clicks in the same second: the same link, so one email.
    second = datetime(2026, 11, 24, 9, 0, 0)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: second)
    reset(client, "known@example.org")
    reset(client, "known@example.org")
    assert queued() == ["known@example.org"]
    # A request a minute later gets its own link.
    monkeypatch.setattr(
        PasswordResetTokenGenerator, "_now", lambda self: datetime(2026, 11, 24, 9, 1)
    )
    reset(client, "known@example.org")
    assert queued() == ["known@example.org", "known@example.org"]


def test_a_reset_takes_as_long_for_an_unknown_address_as_for_a_known_one(client):
    UserFactory(email="known@example.org")
    reset(client, "warm-up@example.org")
    known, unknown = [], []
    for _ in range(20):
        known.append(reset(client, "known@example.org")[1])
        unknown.append(reset(client, "unknown@example.org")[1])
    known_ms, unknown_ms = statistics.median(known) * 1000, statistics.median(unknown) * 1000
    print(f"password reset, median of 20: known {known_ms:.1f} ms, unknown {unknown_ms:.1f} ms")  # noqa: T201
    assert max(known_ms, unknown_ms) < 3 * min(known_ms, unknown_ms)


def test_the_admin_password_reset_is_queued_too(client):
    UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": "editor@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
    assert queued() == ["editor@example.org"]
    send_due()
    [message] = mail.outbox
    assert "/admin/password_reset/" in message.body
    assert message.alternatives == []  # Wagtail's reset email is plain text
