"""When the jobs board tells people something: a vacancy submitted for approval (to the
network's staff), approved or sent back for changes (to the member who submitted it), and
closing in two days (to its owner). Wagtail's own workflow emails stay quiet for vacancies
(jobs/apps.py), so each event makes exactly one email, through the queue."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import page_published, workflow_approved, workflow_rejected, workflow_submitted

from jobs import emails
from jobs.models import Vacancy

CLOSING_REMINDER_BEFORE = timedelta(hours=48)


def reviewed(workflow_state):
    """(the vacancy as submitted, its task state) when the workflow is a vacancy's, else
    (None, None). A workflow without tasks approves at once, with no task state."""
    model = workflow_state.content_type.model_class()
    if model is None or not issubclass(model, Vacancy):
        return None, None
    if workflow_state.current_task_state_id is None:
        vacancy = Vacancy.objects.get(pk=workflow_state.object_id)
        return vacancy.get_latest_revision_as_object(), None
    # Read afresh: the signal's copy may predate the moderator's comment.
    task_state = TaskState.objects.select_related("revision").get(
        pk=workflow_state.current_task_state_id
    )
    return task_state.revision.as_object(), task_state


def moderated_by_requester(workflow_state, user):
    """Staff who review their own submission need no email about it."""
    return user is not None and user.pk == workflow_state.requested_by_id


@receiver(workflow_submitted, sender=WorkflowState, dispatch_uid="jobs_vacancy_submitted")
def vacancy_submitted(instance, **kwargs):
    vacancy, task_state = reviewed(instance)
    if vacancy is not None:
        emails.queue_submitted_to_staff(vacancy, instance, task_state)


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="jobs_vacancy_approved")
def vacancy_approved(instance, user=None, **kwargs):
    vacancy, _ = reviewed(instance)
    if vacancy is not None and not moderated_by_requester(instance, user):
        emails.queue_approved(vacancy, instance)


@receiver(page_published, sender=Vacancy, dispatch_uid="jobs_vacancy_published_in_review")
def vacancy_published_in_review(instance, revision, **kwargs):
    """A moderator may publish a vacancy under review from the editor instead of approving it:
    Wagtail then cancels the workflow, and for the member that is the same approval. A
    scheduled revision older than the one under review going live is not."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH", True):
        return
    state = instance.current_workflow_state
    if state is None or moderated_by_requester(state, revision.user):
        return
    task_state = state.current_task_state
    if task_state is None or revision.pk >= task_state.revision_id:
        emails.queue_approved(instance, state)


@receiver(workflow_rejected, sender=WorkflowState, dispatch_uid="jobs_vacancy_sent_back")
def vacancy_sent_back(instance, user=None, **kwargs):
    vacancy, task_state = reviewed(instance)
    if vacancy is not None and not moderated_by_requester(instance, user):
        emails.queue_changes_requested(vacancy, instance, task_state)


def not_reminded_for_this_date():
    """No reminder yet since the 48 hours before the current closing date began: a vacancy
    whose date moved later is reminded again."""
    return Q(closing_reminder_sent_at__isnull=True) | Q(
        closing_reminder_sent_at__lt=F("closes_at") - CLOSING_REMINDER_BEFORE
    )


def remind_closing_vacancies(now=None):
    """Queues a reminder to the owner of each live vacancy closing within 48 hours, if they
    still act for its organisation. Each vacancy is marked by a conditional UPDATE before its
    email is queued, so two runs at once remind once. Returns how many were reminded."""
    now = now or timezone.now()
    due = (
        Vacancy.objects.live()
        .filter(
            not_reminded_for_this_date(),
            ended="",
            closes_at__gt=now,
            closes_at__lte=now + CLOSING_REMINDER_BEFORE,
            owner__memberships__organisation=F("organisation"),
        )
        .select_related("owner")
        .order_by("closes_at", "pk")
    )
    reminded = 0
    for vacancy in due:
        with transaction.atomic():
            claimed = Vacancy.objects.filter(
                not_reminded_for_this_date(), pk=vacancy.pk, ended=""
            ).update(closing_reminder_sent_at=now)
            if claimed and emails.queue_closing_reminder(vacancy):
                reminded += 1
    return reminded
