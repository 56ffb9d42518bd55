"""Invitations to join an organisation's account.

The emailed link carries a token signed with Django's signing framework (a TimestampSigner under
the hood), so it cannot be forged and stops working after MEMBERS_INVITATION_MAX_AGE_DAYS. The
Invitation row it points at makes the link single-use and lets an admin withdraw it."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Invitation, Membership, Organisation

SALT = "members.invitation"


class InvitationError(Exception):
    """Why a link cannot be used; the view shows a page for each kind."""


class InvitationInvalid(InvitationError):
    pass


class InvitationExpired(InvitationError):
    pass


class InvitationUsed(InvitationError):
    pass


class InvitationRevoked(InvitationError):
    pass


def max_age():
    return timedelta(days=settings.MEMBERS_INVITATION_MAX_AGE_DAYS)


# The same invitation sent again within this time is the form sent twice, not a new invitation.
RESUBMISSION_WINDOW = timedelta(minutes=10)


def invite(organisation, email, role, invited_by=None, now=None):
    """Create an invitation, withdrawing any earlier pending one for the same address, so only
    the newest link works. The same address and role invited again within
    RESUBMISSION_WINDOW (a double click, a retry) get the pending invitation back: one record,
    and one email, whose key is the invitation's."""
    email = email.strip().lower()
    now = now or timezone.now()
    with transaction.atomic():
        # One invitation at a time per organisation, so two at once cannot both be new.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        pending = organisation.invitations.filter(
            email__iexact=email, accepted_at=None, revoked_at=None
        )
        recent = pending.filter(role=role, created_at__gte=now - RESUBMISSION_WINDOW).first()
        if recent:
            return recent
        pending.update(revoked_at=now)
        return Invitation.objects.create(
            organisation=organisation, email=email, role=role, invited_by=invited_by, created_at=now
        )


def token_for(invitation):
    return signing.dumps(invitation.pk, salt=SALT)


def accept_url(request, invitation):
    return request.build_absolute_uri(
        reverse("members:accept_invitation", args=[token_for(invitation)])
    )


def invitation_from_token(token):
    """The pending invitation a token points at, or an InvitationError saying why not."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise InvitationExpired from None
    except signing.BadSignature:
        raise InvitationInvalid from None
    invitation = Invitation.objects.select_related("organisation").filter(pk=pk).first()
    if invitation is None:
        raise InvitationInvalid
    if invitation.accepted_at:
        raise InvitationUsed
    if invitation.revoked_at:
        raise InvitationRevoked
    return invitation


@transaction.atomic
def accept(invitation, user):
    """Give the user the invited role in the organisation and use up the invitation. An existing
    membership keeps the higher of the two roles."""
    # Lock the row, so two clicks on the same link cannot both succeed.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise InvitationUsed if invitation.accepted_at else InvitationRevoked
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Membership.Role.ADMIN and not membership.is_admin:
        membership.role = Membership.Role.ADMIN
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership
