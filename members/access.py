"""Who may act for an organisation on the public site: the signed-in person's membership.

Every view that changes an organisation's data finds the membership here, so a typed-in URL
for another organisation reveals nothing."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from members.models import Membership


def membership_or_404(request, slug, admin=False):
    """The signed-in person's membership of the organisation: 404 when they are not a member
    (so other organisations' URLs reveal nothing), 403 when admin rights are needed."""
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"),
        user=request.user,
        organisation__slug=slug,
    )
    if admin and not membership.is_admin:
        raise PermissionDenied("Only organisation admins can do this.")
    return membership
