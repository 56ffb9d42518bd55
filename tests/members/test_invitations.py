"""Inviting colleagues: signed, expiring, single-use links that create or link accounts."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.models import Site

from hub.email import send_due
from hub.models import NetworkSettings
from members import invitations
from members.models import Membership
from tests.factories import UserFactory
from tests.members.factories import InvitationFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase"  # noqa: S105 -- a test account's password


@pytest.fixture
def admin_membership():
    return MembershipFactory(
        organisation=OrganisationFactory(name="Roma Support Group"), role=Membership.Role.ADMIN
    )


def invitation_link(message):
    return next(line for line in message.body.splitlines() if "/account/invitations/" in line)


def path_of(url):
    return url.replace("http://testserver", "")


def test_admin_invites_and_colleague_sets_up_an_account(client, admin_membership, mailoutbox):
    client.force_login(admin_membership.user)
    url = reverse("members:invite_colleague", args=[admin_membership.organisation.slug])
    response = client.post(url, {"email": "New.Colleague@Example.org", "role": "contributor"})
    assert response.status_code == 302
    send_due()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.colleague@example.org"]
    assert "Roma Support Group" in message.subject
    assert message.alternatives[0].mimetype == "text/html"
    link = invitation_link(message)

    client.logout()
    setup_page = client.get(path_of(link))
    assert setup_page.status_code == 200
    assert "Set up your account" in setup_page.content.decode()
    response = client.post(
        path_of(link),
        {
            "first_name": "New",
            "last_name": "Colleague",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("members:dashboard")
    user = get_user_model().objects.get(email="new.colleague@example.org")
    assert user.check_password(PASSWORD)
    assert not user.is_staff
    membership = user.memberships.get()
    assert membership.organisation == admin_membership.organisation
    assert membership.role == Membership.Role.CONTRIBUTOR
    # Signed in straight away.
    dashboard = client.get(reverse("members:dashboard"))
    assert "Roma Support Group" in dashboard.content.decode()


def test_a_used_invitation_cannot_be_used_again(client, admin_membership):
    invitation = InvitationFactory(organisation=admin_membership.organisation)
    url = reverse("members:accept_invitation", args=[invitations.token_for(invitation)])
    data = {"first_name": "A", "last_name": "B", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(url, data).status_code == 302
    client.logout()
    again = client.get(url)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert client.post(url, data).status_code == 410
    assert get_user_model().objects.filter(email=invitation.email).count() == 1


def test_an_expired_invitation_says_so(client, admin_membership, settings):
    settings.MEMBERS_INVITATION_MAX_AGE_DAYS = 14
    invitation = InvitationFactory(organisation=admin_membership.organisation)
    url = reverse("members:accept_invitation", args=[invitations.token_for(invitation)])
    fifteen_days_later = time.time() + 15 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=fifteen_days_later):
        response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This invitation has expired" in html
    assert "send you a new one" in html
    thirteen_days_later = time.time() + 13 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=thirteen_days_later):
        assert client.get(url).status_code == 200


def test_a_withdrawn_invitation_says_so(client, admin_membership):
    invitation = InvitationFactory(organisation=admin_membership.organisation)
    client.force_login(admin_membership.user)
    revoke = reverse(
        "members:revoke_invitation", args=[admin_membership.organisation.slug, invitation.pk]
    )
    assert client.post(revoke).status_code == 302
    client.logout()
    url = reverse("members:accept_invitation", args=[invitations.token_for(invitation)])
    response = client.get(url)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_a_newer_invitation_replaces_an_older_one(admin_membership):
    organisation = admin_membership.organisation
    first = invitations.invite(organisation, "person@example.org", Membership.Role.CONTRIBUTOR)
    second = invitations.invite(organisation, "Person@example.org", Membership.Role.ADMIN)
    with pytest.raises(invitations.InvitationRevoked):
        invitations.invitation_from_token(invitations.token_for(first))
    assert invitations.invitation_from_token(invitations.token_for(second)) == second


@pytest.mark.parametrize("token", ["nonsense", "MQ:1vN0aA:forged-signature"])
def test_a_tampered_link_is_rejected(client, token):
    response = client.get(reverse("members:accept_invitation", args=[token]))
    assert response.status_code == 400
    assert "does not work" in response.content.decode()


def test_an_existing_account_logs_in_then_accepts(client, admin_membership):
    existing = UserFactory(email="already@example.org")
    invitation = InvitationFactory(
        organisation=admin_membership.organisation, email="already@example.org"
    )
    url = reverse("members:accept_invitation", args=[invitations.token_for(invitation)])
    response = client.get(url)
    assert "Log in to accept" in response.content.decode()
    assert f"?{urlencode({'next': url})}" in response.content.decode()
    client.force_login(existing)
    assert "Accept the invitation" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert existing.memberships.get().organisation == admin_membership.organisation


def test_an_account_whose_username_is_the_invited_address_is_asked_to_log_in(
    client, admin_membership
):
    # Accounts made from invitations have the address as username; this one's email changed.
    UserFactory(username="moved@example.org", email="new-address@example.org")
    invitation = InvitationFactory(
        organisation=admin_membership.organisation, email="moved@example.org"
    )
    url = reverse("members:accept_invitation", args=[invitations.token_for(invitation)])
    assert "Log in to accept" in client.get(url).content.decode()
    data = {"first_name": "A", "last_name": "B", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(url, data).status_code == 200
    assert get_user_model().objects.filter(username="moved@example.org").count() == 1


def test_someone_logged_in_with_another_address_cannot_accept(client, admin_membership):
    invitation = InvitationFactory(organisation=admin_membership.organisation)
    intruder = UserFactory(email="intruder@example.org")
    client.force_login(intruder)
    url = reverse("members:accept_invitation", args=[invitations.token_for(invitation)])
    assert client.post(url).status_code == 403
    assert not intruder.memberships.exists()


def test_invitation_form_errors_are_shown_and_keep_input(client, admin_membership):
    client.force_login(admin_membership.user)
    url = reverse("members:invite_colleague", args=[admin_membership.organisation.slug])
    response = client.post(url, {"email": "not-an-address", "role": "contributor"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="not-an-address"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'href="#id_email"' in html


def test_cannot_invite_an_existing_colleague(client, admin_membership):
    client.force_login(admin_membership.user)
    url = reverse("members:invite_colleague", args=[admin_membership.organisation.slug])
    response = client.post(url, {"email": admin_membership.user.email.upper(), "role": "admin"})
    assert "already has an account" in response.content.decode()
    assert not admin_membership.organisation.invitations.exists()


def test_account_setup_checks_passwords(client, admin_membership):
    invitation = InvitationFactory(organisation=admin_membership.organisation)
    url = reverse("members:accept_invitation", args=[invitations.token_for(invitation)])
    response = client.post(
        url, {"first_name": "A", "last_name": "B", "password1": "short", "password2": "other"}
    )
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    response = client.post(
        url, {"first_name": "A", "last_name": "B", "password1": "password", "password2": "password"}
    )
    assert "too common" in response.content.decode()
    assert not get_user_model().objects.filter(email=invitation.email).exists()


def test_emails_name_the_network_as_its_site_does(client, home, admin_membership, mailoutbox):
    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    network.network_name = "Southwark Equality Network"
    network.save()
    client.force_login(admin_membership.user)
    client.post(
        reverse("members:invite_colleague", args=[admin_membership.organisation.slug]),
        {"email": "colleague@example.org", "role": "contributor"},
    )
    client.post(reverse("members:password_reset"), {"email": admin_membership.user.email})
    send_due()
    invitation, reset = mailoutbox
    assert "on the Southwark Equality Network website" in invitation.subject
    assert "on the Southwark Equality Network website" in invitation.body
    assert reset.subject == "Reset your Southwark Equality Network password"
    assert "Network Hub" not in invitation.body + reset.body


def test_a_link_withdrawn_while_the_form_is_open_creates_no_account(client, admin_membership):
    invitation = InvitationFactory(organisation=admin_membership.organisation)
    url = reverse("members:accept_invitation", args=[invitations.token_for(invitation)])
    assert client.get(url).status_code == 200
    data = {"first_name": "A", "last_name": "B", "password1": PASSWORD, "password2": PASSWORD}
    # The admin withdraws it between the link being checked and the account being made.
    with mock.patch("members.invitations.accept", side_effect=invitations.InvitationRevoked):
        response = client.post(url, data)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert not get_user_model().objects.filter(email=invitation.email).exists()


def test_the_invitation_email_tells_someone_with_an_account_to_log_in(
    client, admin_membership, mailoutbox
):
    UserFactory(email="already@example.org")
    client.force_login(admin_membership.user)
    url = reverse("members:invite_colleague", args=[admin_membership.organisation.slug])
    client.post(url, {"email": "already@example.org", "role": "contributor"})
    client.post(url, {"email": "new@example.org", "role": "contributor"})
    send_due()
    existing, new = mailoutbox
    assert "You already have an account" in existing.body
    assert "set up your account" not in existing.body
    assert "You already have an account" not in new.body
    assert "set up your account" in new.body


def test_the_dashboard_says_which_invitations_have_expired(client, admin_membership, settings):
    settings.MEMBERS_INVITATION_MAX_AGE_DAYS = 14
    organisation = admin_membership.organisation
    InvitationFactory(organisation=organisation, email="recent@example.org")
    InvitationFactory(
        organisation=organisation,
        email="old@example.org",
        created_at=timezone.now() - timedelta(days=15),
    )
    client.force_login(admin_membership.user)
    html = client.get(reverse("members:dashboard")).content.decode()
    recent, old = (
        html.split(f"{email} (")[1].split("</li>")[0]
        for email in ("recent@example.org", "old@example.org")
    )
    assert "expired" not in recent
    assert "The link has expired" in old
