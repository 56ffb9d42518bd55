"""A member's vacancies on their dashboard: each with its state in plain words and what they
can do with it."""

from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from wagtail.models import WorkflowState

from hub import deadlines
from hub.moderation import reviews_in_progress
from jobs.models import Vacancy
from jobs.views import jobs_board


@dataclass
class MemberVacancy:
    """One vacancy as its organisation's members see it on their dashboard: its state in plain
    words, the moderator's comment when changes were asked for, and what they can do."""

    vacancy: Vacancy
    state: str
    label: str
    detail: str
    comment: str = ""

    @property
    def can_edit(self):
        return not self.vacancy.ended

    can_withdraw = can_edit

    @property
    def can_fill(self):
        """Only a vacancy that was on the board can have been filled through it."""
        return not self.vacancy.ended and self.vacancy.first_published_at is not None


def member_vacancy(vacancy, review, now=None):
    """`review` is the vacancy's workflow state in progress or sent back, if any."""
    now = now or timezone.now()
    if vacancy.ended:
        closed_on = deadlines.format_date(vacancy.ended_at)
        return MemberVacancy(
            vacancy, vacancy.ended, vacancy.get_ended_display(), f"Closed on {closed_on}."
        )
    if review and review.status == WorkflowState.STATUS_NEEDS_CHANGES:
        detail = "The network's staff asked for changes: edit it to send it again."
        if vacancy.live:
            detail += " Until then the jobs board shows it as it was."
        comment = review.current_task_state.comment
        return MemberVacancy(vacancy, "changes_requested", "Changes requested", detail, comment)
    if review:
        if vacancy.live:
            detail = (
                "Your changes are awaiting approval; until then the jobs board shows it as it was."
            )
        else:
            detail = "The network's staff check it before it goes on the jobs board."
        return MemberVacancy(vacancy, "awaiting_approval", "Awaiting approval", detail)
    if vacancy.live and vacancy.is_open(now):
        return MemberVacancy(
            vacancy, "live", "Live", f"On the jobs board. {vacancy.deadline_text(now)}."
        )
    if vacancy.first_published_at and not vacancy.is_open(now):
        return MemberVacancy(vacancy, "closed", "Closed", f"Closed at {vacancy.closed_text()}.")
    return MemberVacancy(
        vacancy, "draft", "Draft", "Not on the jobs board: edit it to send it for approval."
    )


def member_vacancies(request, now=None):
    """({organisation id: its vacancies, newest first}, the jobs board) for everyone the
    signed-in person works for, fetched at the first organisation's call and kept on the
    request, so the dashboard's queries do not grow with the number of organisations."""
    if not hasattr(request, "_member_vacancies"):
        vacancies = list(
            Vacancy.objects.filter(organisation__memberships__user=request.user).order_by(
                F("latest_revision_created_at").desc(nulls_last=True), "-pk"
            )
        )
        reviews = reviews_in_progress(Vacancy, [vacancy.pk for vacancy in vacancies])
        by_organisation = {}
        for vacancy in vacancies:
            by_organisation.setdefault(vacancy.organisation_id, []).append(
                member_vacancy(vacancy, reviews.get(vacancy.pk), now)
            )
        request._member_vacancies = (by_organisation, jobs_board(request))
    return request._member_vacancies
