from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from hub import sections
from hub.moderation import reviews_in_progress, submit_for_moderation
from hub.ratelimit import limit_accepted_posts, limit_failed_logins
from members import emails, invitations
from members.access import membership_or_404
from members.forms import (
    AccountSetupForm,
    InvitationForm,
    JoinForm,
    LoginForm,
    NewPasswordForm,
    OrganisationProfileForm,
    ResetPasswordForm,
)
from members.models import Invitation, Membership, Organisation
from members.sections import MEMBER_DASHBOARD_SECTIONS

# Joining the network


def members_per_hour():
    return settings.MEMBERS_RATE_LIMIT_PER_HOUR


@limit_accepted_posts("members.join", per_hour=members_per_hour, email_field="contact_email")
def join(request):
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            application, _ = form.save(agreed_at=timezone.now())
            review_url = reverse("members_applications:edit", args=[application.pk])
            # Queued under the application's keys: a second sending of the form emails no one.
            emails.queue_new_application_to_staff(
                application, request.build_absolute_uri(review_url)
            )
            emails.queue_application_received(application)
        return redirect("members:join_thanks")
    return render(request, "pages/members/join.html", {"form": form})


def join_thanks(request):
    return render(request, "pages/members/join_thanks.html")


# Accounts: log in, log out and password reset with the site's look

login_view = limit_failed_logins(
    auth_views.LoginView.as_view(
        template_name="pages/members/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout_view = auth_views.LogoutView.as_view()


password_reset = limit_accepted_posts(
    "members.password_reset", per_hour=members_per_hour, email_field="email"
)(
    # ResetPasswordForm queues the email (templates/email/members/password_reset*).
    auth_views.PasswordResetView.as_view(
        template_name="pages/members/password_reset.html",
        form_class=ResetPasswordForm,
        success_url=reverse_lazy("members:password_reset_done"),
    )
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="pages/members/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="pages/members/password_reset_confirm.html",
    form_class=NewPasswordForm,
    success_url=reverse_lazy("members:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="pages/members/password_reset_complete.html"
)


# The member's dashboard and their organisation's account


@login_required
def dashboard(request):
    memberships = list(
        request.user.memberships.select_related("organisation").order_by("organisation__name")
    )
    admin_of = [m.organisation_id for m in memberships if m.is_admin]
    colleagues = {}
    for colleague in (
        Membership.objects.filter(organisation__in=admin_of)
        .select_related("user")
        .order_by("user__first_name", "user__email")
    ):
        colleagues.setdefault(colleague.organisation_id, []).append(colleague)
    pending = {}
    expired_before = timezone.now() - invitations.max_age()
    for invitation in Invitation.objects.filter(
        organisation__in=admin_of, accepted_at=None, revoked_at=None
    ):
        invitation.expired = invitation.created_at < expired_before
        pending.setdefault(invitation.organisation_id, []).append(invitation)
    reviews = reviews_in_progress(Organisation, [m.organisation_id for m in memberships])
    for membership in memberships:
        membership.profile_review = reviews.get(membership.organisation_id)
        membership.colleagues = colleagues.get(membership.organisation_id, [])
        membership.pending_invitations = pending.get(membership.organisation_id, [])
        membership.sections = sections.gather(MEMBER_DASHBOARD_SECTIONS, membership, request)
    return render(request, "pages/members/dashboard.html", {"memberships": memberships})


@login_required
def invite_colleague(request, slug):
    membership = membership_or_404(request, slug, admin=True)
    organisation = membership.organisation
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            invitation = invitations.invite(
                organisation, form.cleaned_data["email"], form.cleaned_data["role"], request.user
            )
            emails.queue_invitation(invitation, invitations.accept_url(request, invitation))
        messages.success(request, f"We are emailing an invitation to {invitation.email}.")
        return redirect("members:dashboard")
    return render(
        request,
        "pages/members/invite.html",
        {
            "form": form,
            "organisation": organisation,
            "max_age_days": settings.MEMBERS_INVITATION_MAX_AGE_DAYS,
        },
    )


@login_required
@transaction.atomic
def remove_colleague(request, slug, membership_id):
    membership = membership_or_404(request, slug)
    organisation = membership.organisation
    colleague = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, organisation=organisation
    )
    # Anyone may leave; only admins may remove someone else.
    if colleague.pk != membership.pk and not membership.is_admin:
        raise PermissionDenied("Only organisation admins can do this.")
    # Lock the admins' rows, so two admins removing each other at once cannot leave none.
    admins = list(organisation.memberships.select_for_update().filter(role=Membership.Role.ADMIN))
    last_admin = colleague.is_admin and len(admins) == 1
    if request.method == "POST" and not last_admin:
        colleague.delete()
        if colleague.user_id == request.user.id:
            messages.success(request, f"You have left {organisation}.")
        else:
            messages.success(
                request, f"{colleague.user.email} no longer has access to {organisation}."
            )
        return redirect("members:dashboard")
    return render(
        request,
        "pages/members/remove_colleague.html",
        {"organisation": organisation, "colleague": colleague, "last_admin": last_admin},
        status=409 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def revoke_invitation(request, slug, invitation_id):
    membership = membership_or_404(request, slug, admin=True)
    invitation = get_object_or_404(
        Invitation, pk=invitation_id, organisation=membership.organisation, accepted_at=None
    )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    messages.success(request, f"The invitation to {invitation.email} no longer works.")
    return redirect("members:dashboard")


@login_required
def edit_profile(request, slug):
    membership = membership_or_404(request, slug, admin=True)
    organisation = membership.organisation
    # Start from the newest version, so a second edit builds on one still awaiting review.
    draft = organisation.get_latest_revision_as_object()
    form = OrganisationProfileForm(request.POST or None, request.FILES or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        form.save(commit=False)
        submit_for_moderation(form.save_logo(uploaded_by=request.user), request.user)
        messages.success(
            request,
            "Thank you. The network's staff will check your changes; they show on your public "
            "profile once approved.",
        )
        return redirect("members:dashboard")
    return render(
        request,
        "pages/members/edit_profile.html",
        {
            "form": form,
            "organisation": organisation,
            "awaiting_review": organisation.has_unpublished_changes,
        },
    )


# Accepting an invitation

INVITATION_PROBLEMS = {
    invitations.InvitationExpired: ("expired", 410),
    invitations.InvitationUsed: ("used", 410),
    invitations.InvitationRevoked: ("revoked", 410),
    invitations.InvitationInvalid: ("invalid", 400),
}


def invitation_problem(request, error):
    problem, status = INVITATION_PROBLEMS[type(error)]
    return render(
        request,
        "pages/members/invitation_problem.html",
        {"problem": problem, "max_age_days": settings.MEMBERS_INVITATION_MAX_AGE_DAYS},
        status=status,
    )


def accept_invitation(request, token):
    try:
        invitation = invitations.invitation_from_token(token)
    except invitations.InvitationError as error:
        return invitation_problem(request, error)

    context = {"invitation": invitation, "organisation": invitation.organisation}
    if request.user.is_authenticated:
        if request.user.email.lower() != invitation.email.lower():
            return render(
                request, "pages/members/invitation_wrong_account.html", context, status=403
            )
        if request.method == "POST":
            try:
                invitations.accept(invitation, request.user)
            except invitations.InvitationError as error:  # used or withdrawn meanwhile
                return invitation_problem(request, error)
            messages.success(request, f"You now have access to {invitation.organisation}.")
            return redirect("members:dashboard")
        return render(request, "pages/members/invitation_confirm.html", context)

    # The new account's username is the email address, so an account using it either way exists.
    email = invitation.email
    if get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        context["login_url"] = f"{reverse('members:login')}?{urlencode({'next': request.path})}"
        return render(request, "pages/members/invitation_log_in.html", context)

    form = AccountSetupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            # No account is left behind if the link was used or withdrawn meanwhile.
            with transaction.atomic():
                user = form.create_user()
                invitations.accept(invitation, user)
        except invitations.InvitationError as error:
            return invitation_problem(request, error)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome. Your account for {invitation.organisation} is ready.")
        return redirect("members:dashboard")
    context["form"] = form
    return render(request, "pages/members/invitation_setup.html", context)
