"""Members post and manage their organisation's vacancies on the public site, without the
Wagtail admin. Every view finds the member's organisation through `membership_or_404`, and a
vacancy only among that organisation's, so an ID typed into a URL reveals nothing (404).

Whatever a member sends goes through moderation: a new vacancy is saved unpublished, an edit
as a revision, and the live version changes only when staff approve. Withdrawing or marking a
vacancy filled closes it at once (`Vacancy.end`)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from wagtail.models import Site

from hub.moderation import submit_for_moderation
from hub.ratelimit import limit_accepted_posts
from jobs.choices import Ending
from jobs.forms import VacancyForm, copy_initial
from jobs.models import JobsIndexPage, Vacancy
from members.access import membership_or_404

SENT_FOR_APPROVAL = (
    "Thank you. “{title}” is with the network's staff for approval; you will see here when "
    "it is live."
)


def jobs_board(request):
    """The live jobs board of the site this request is for, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return JobsIndexPage.objects.in_site(site).live().order_by("path").first()


def organisation_vacancy_or_404(request, slug, vacancy_id):
    """The member's organisation and one of its vacancies; 404 for anyone else's."""
    membership = membership_or_404(request, slug)
    vacancy = get_object_or_404(
        Vacancy.objects.select_related("organisation"),
        pk=vacancy_id,
        organisation=membership.organisation,
    )
    return membership.organisation, vacancy


def submissions_per_hour():
    return settings.JOBS_SUBMISSIONS_PER_HOUR


limit_submissions = limit_accepted_posts(
    "jobs.submissions",
    per_hour=submissions_per_hour,
    user_key=True,
    template_name="pages/jobs/too_many_vacancies.html",
)


def render_form(request, form, organisation, **context):
    context.update(
        form=form,
        organisation=organisation,
        # A form sent back with problems cannot keep the files chosen: the page says so.
        files_lost=bool(request.FILES) and bool(form.errors),
    )
    return render(request, "pages/jobs/vacancy_form.html", context)


def board_or_404(request):
    board = jobs_board(request)
    if board is None:
        raise Http404("This site has no jobs board.")
    return board


def post_new(request, board, form):
    """Saves the new vacancy unpublished under the jobs board and sends it for approval."""
    with transaction.atomic():
        vacancy = form.save_vacancy(request.user)
        vacancy.owner = request.user
        vacancy.live = False
        board.add_child(instance=vacancy)
        submit_for_moderation(vacancy, request.user)
    messages.success(request, SENT_FOR_APPROVAL.format(title=vacancy.title))
    return redirect("members:dashboard")


@login_required
@limit_submissions
def new_vacancy(request, slug):
    organisation = membership_or_404(request, slug).organisation
    board = board_or_404(request)
    form = VacancyForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        return post_new(request, board, form)
    return render_form(request, form, organisation, heading="Post a vacancy")


@login_required
@limit_submissions
def copy_vacancy(request, slug, vacancy_id):
    """The new-vacancy form filled in from an earlier vacancy (its newest version), without
    its dates. The application pack's documents come along unless the member removes them."""
    organisation, source = organisation_vacancy_or_404(request, slug, vacancy_id)
    board = board_or_404(request)
    source = source.get_latest_revision_as_object()
    form = VacancyForm(
        request.POST or None,
        request.FILES or None,
        organisation=organisation,
        initial=copy_initial(source),
        pack=source.application_pack.all(),
    )
    if request.method == "POST" and form.is_valid():
        return post_new(request, board, form)
    return render_form(
        request, form, organisation, heading="Post a vacancy", copied_from=source.title
    )


@login_required
@limit_submissions
def edit_vacancy(request, slug, vacancy_id):
    """An edit starts from the newest version (one awaiting approval included) and is sent
    for approval; a live vacancy stays as it is until staff approve."""
    organisation, vacancy = organisation_vacancy_or_404(request, slug, vacancy_id)
    if vacancy.ended:
        messages.error(
            request,
            f"“{vacancy.title}” was {vacancy.get_ended_display().lower()}, so it cannot be "
            "changed. Post a copy to advertise it again.",
        )
        return redirect("members:dashboard")
    draft = vacancy.get_latest_revision_as_object()
    form = VacancyForm(
        request.POST or None,
        request.FILES or None,
        instance=draft,
        organisation=organisation,
        pack=draft.application_pack.all(),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            submit_for_moderation(form.save_vacancy(request.user), request.user)
        messages.success(request, SENT_FOR_APPROVAL.format(title=draft.title))
        return redirect("members:dashboard")
    return render_form(
        request,
        form,
        organisation,
        heading=f"Edit “{vacancy.draft_title}”",
        vacancy=vacancy,
        live=vacancy.live,
        awaiting_review=vacancy.has_unpublished_changes,
    )


@login_required
def end_vacancy(request, slug, vacancy_id, reason):
    """Withdraw a vacancy or mark it filled, after a confirmation page: it closes at once."""
    organisation, vacancy = organisation_vacancy_or_404(request, slug, vacancy_id)
    reason = Ending(reason)
    if vacancy.ended:
        messages.error(
            request, f"“{vacancy.title}” was already {vacancy.get_ended_display().lower()}."
        )
        return redirect("members:dashboard")
    if request.method == "POST":
        vacancy.end(reason, request.user)
        messages.success(
            request,
            f"“{vacancy.title}” is marked {reason.label.lower()}. It has closed and is not on "
            "the jobs board.",
        )
        return redirect("members:dashboard")
    return render(
        request,
        "pages/jobs/vacancy_end_confirm.html",
        {"organisation": organisation, "vacancy": vacancy, "reason": reason},
    )
