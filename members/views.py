from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from members import emails, invitations
from members.forms import (
    AccountSetupForm,
    DirectoryFilterForm,
    InvitationForm,
    JoinForm,
    LoginForm,
    NewPasswordForm,
    OrganisationProfileForm,
    ResetPasswordForm,
)
from members.models import Invitation, Membership, Organisation
from members.moderation import profile_reviews, submit_profile_edit

DIRECTORY_PAGE_SIZE = 20
PROFILE_BULLETIN_POSTS = 5


# Public directory (served through MemberDirectoryPage's routes)


def directory(request, page):
    form = DirectoryFilterForm(request.GET or None)
    organisations = form.filter(Organisation.objects.listed()).prefetch_related(
        "boroughs", "equality_areas"
    )
    page_obj = Paginator(organisations, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return page.render(
        request,
        context_overrides={
            "filter_form": form,
            "page_obj": page_obj,
            "is_filtered": form.is_bound and any(form.data.get(name) for name in form.fields),
        },
    )


def organisation_profile(request, page, slug):
    organisation = get_object_or_404(
        Organisation.objects.listed()
        .select_related("logo")
        .prefetch_related("boroughs", "equality_areas"),
        slug=slug,
    )
    latest_posts = (
        organisation.bulletin_posts.live().public().newest_first()[:PROFILE_BULLETIN_POSTS]
    )
    open_vacancies = organisation.vacancies.live().public().open().order_by("closes_at")
    return page.render(
        request,
        template="members/organisation_profile.html",
        context_overrides={
            "organisation": organisation,
            "latest_posts": latest_posts,
            "open_vacancies": open_vacancies,
        },
    )


# Rate limiting


def limit_rate_per_address(group, email_field):
    """Allow MEMBERS_RATE_LIMIT_PER_HOUR accepted posts an hour from one IP address and for one
    email address, then answer with a friendly 429 page.

    Only accepted posts (a redirect: the form sent an email) count, so someone correcting
    mistakes in a long form is never locked out, and blank addresses share no count."""

    def rate(group, request):
        return f"{settings.MEMBERS_RATE_LIMIT_PER_HOUR}/h"

    def email_key(group, request):
        return request.POST.get(email_field, "").strip().lower()

    def usages(request, increment):
        """Each count's usage; counting them up too when increment is true."""
        keys = ["ip", email_key] if email_key(group, request) else ["ip"]
        found = [
            get_usage(request, group=group, key=key, rate=rate, method="POST", increment=increment)
            for key in keys
        ]
        # None when RATELIMIT_ENABLE is off.
        return [usage for usage in found if usage is not None]

    def decorator(view):
        @wraps(view)
        def limited_view(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            if any(usage["count"] >= usage["limit"] for usage in usages(request, increment=False)):
                return render(request, "members/rate_limited.html", status=429)
            response = view(request, *args, **kwargs)
            if response.status_code == 302:
                usages(request, increment=True)
            return response

        return limited_view

    return decorator


# Joining the network


@limit_rate_per_address("members.join", "contact_email")
def join(request):
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = form.save(agreed_at=timezone.now())
        review_url = reverse("members_applications:edit", args=[application.pk])
        emails.send_new_application_to_staff(application, request.build_absolute_uri(review_url))
        if not emails.send_application_received(application):
            messages.warning(
                request,
                "We could not send you a confirmation email just now, but your application is "
                "saved and we will be in touch.",
            )
        return redirect("members:join_thanks")
    return render(request, "members/join.html", {"form": form})


def join_thanks(request):
    return render(request, "members/join_thanks.html")


# Accounts: log in, log out and password reset with the site's look

login_view = auth_views.LoginView.as_view(
    template_name="members/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout_view = auth_views.LogoutView.as_view()


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        self.extra_email_context = {"network_name": emails.network_name()}
        return super().form_valid(form)


password_reset = limit_rate_per_address("members.password_reset", "email")(
    PasswordResetView.as_view(
        template_name="members/password_reset.html",
        form_class=ResetPasswordForm,
        subject_template_name="members/email/password_reset_subject.txt",
        email_template_name="members/email/password_reset.txt",
        html_email_template_name="members/email/password_reset.html",
        success_url=reverse_lazy("members:password_reset_done"),
    )
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="members/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="members/password_reset_confirm.html",
    form_class=NewPasswordForm,
    success_url=reverse_lazy("members:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="members/password_reset_complete.html"
)


# The member's dashboard and their organisation's account


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
    reviews = profile_reviews([m.organisation_id for m in memberships])
    for membership in memberships:
        membership.profile_review = reviews.get(membership.organisation_id)
        membership.colleagues = colleagues.get(membership.organisation_id, [])
        membership.pending_invitations = pending.get(membership.organisation_id, [])
    return render(request, "members/dashboard.html", {"memberships": memberships})


@login_required
def invite_colleague(request, slug):
    membership = membership_or_404(request, slug, admin=True)
    organisation = membership.organisation
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        invitation = invitations.invite(
            organisation, form.cleaned_data["email"], form.cleaned_data["role"], request.user
        )
        if emails.send_invitation(invitation, invitations.accept_url(request, invitation)):
            messages.success(request, f"We have emailed an invitation to {invitation.email}.")
        else:
            messages.error(
                request,
                f"We could not send the invitation email to {invitation.email} just now. "
                "Please invite them again in a few minutes.",
            )
        return redirect("members:dashboard")
    return render(
        request,
        "members/invite.html",
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
        "members/remove_colleague.html",
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
        submit_profile_edit(form.save_logo(uploaded_by=request.user), request.user)
        messages.success(
            request,
            "Thank you. The network's staff will check your changes; they show on your public "
            "profile once approved.",
        )
        return redirect("members:dashboard")
    return render(
        request,
        "members/edit_profile.html",
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
        "members/invitation_problem.html",
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
            return render(request, "members/invitation_wrong_account.html", context, status=403)
        if request.method == "POST":
            try:
                invitations.accept(invitation, request.user)
            except invitations.InvitationError as error:  # used or withdrawn meanwhile
                return invitation_problem(request, error)
            messages.success(request, f"You now have access to {invitation.organisation}.")
            return redirect("members:dashboard")
        return render(request, "members/invitation_confirm.html", context)

    # The new account's username is the email address, so an account using it either way exists.
    email = invitation.email
    if get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        context["login_url"] = f"{reverse('members:login')}?{urlencode({'next': request.path})}"
        return render(request, "members/invitation_log_in.html", context)

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
    return render(request, "members/invitation_setup.html", context)
