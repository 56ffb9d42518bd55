"""The emails the jobs board sends, from templates under templates/email/jobs/. Each goes
through the queue (hub.email.queue_templated) with a key naming its event, so a signal fired
twice, or a retry, sends it once; none is sent inside the request."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from hub.email import network_settings, queue_templated


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def admin_edit_url(vacancy):
    return absolute(reverse("wagtailadmin_pages:edit", args=[vacancy.pk]))


def manage_url(user, vacancy):
    """Where the person looks after their vacancies: members on their dashboard, staff (who
    sometimes submit for review themselves) in the admin."""
    if user.has_perm("wagtailadmin.access_admin"):
        return admin_edit_url(vacancy)
    return absolute(reverse("members:dashboard"))


def can_receive(user):
    return user is not None and user.is_active and bool(user.email)


def queue(to, template, context, key):
    return queue_templated(to, f"email/jobs/{template}", context, key=key)


def staff_recipients(task_state):
    """(address, key suffix) pairs: the network's shared address, or, when none is set, the
    moderators of the task under way, so a submission is never announced to no one."""
    network = network_settings()
    if network and network.contact_email:
        return [(network.contact_email, "")]
    groups = getattr(task_state.task.specific, "groups", None) if task_state else None
    if groups is None:
        return []
    moderators = get_user_model().objects.filter(groups__in=groups.all(), is_active=True)
    return [(user.email, f"-user-{user.pk}") for user in moderators.distinct() if user.email]


def queue_submitted_to_staff(vacancy, workflow_state, task_state):
    """`vacancy` as submitted (its revision); one email per submission."""
    requester = workflow_state.requested_by
    context = {
        "vacancy": vacancy,
        "requester_name": (requester.get_full_name() or requester.email) if requester else "",
        "is_edit": vacancy.live,
        "review_url": admin_edit_url(vacancy),
    }
    return [
        queue(address, "vacancy_submitted", context, f"vacancy-submitted-{workflow_state.pk}{tail}")
        for address, tail in staff_recipients(task_state)
    ]


def queue_to_member(user, vacancy, template, key, **context):
    """An email to a member about their vacancy, with its page and their dashboard linked."""
    if not can_receive(user):
        return None
    context = {
        "vacancy": vacancy,
        "name": user.get_short_name(),
        "vacancy_url": vacancy.get_full_url(),
        "manage_url": manage_url(user, vacancy),
        **context,
    }
    return queue(user.email, template, context, key)


def queue_approved(vacancy, workflow_state):
    return queue_to_member(
        workflow_state.requested_by,
        vacancy,
        "vacancy_approved",
        f"vacancy-approved-{workflow_state.pk}",
    )


def queue_changes_requested(vacancy, workflow_state, task_state):
    return queue_to_member(
        workflow_state.requested_by,
        vacancy,
        "vacancy_changes_requested",
        f"vacancy-changes-requested-{task_state.pk}",
        comment=task_state.comment.strip(),
        vacancy_url=vacancy.get_full_url() if vacancy.live else "",
    )


def queue_closing_reminder(vacancy):
    """One reminder per closing date: moving the date later earns a new one."""
    return queue_to_member(
        vacancy.owner,
        vacancy,
        "vacancy_closing_soon",
        f"vacancy-closing-{vacancy.pk}-{int(vacancy.closes_at.timestamp())}",
    )
