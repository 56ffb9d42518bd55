"""The jobs board's emails: to staff when a member submits a vacancy, to the member when it is
approved or sent back, and to its owner two days before it closes. Each goes through the queue,
once per event, and Wagtail's own workflow emails stay quiet for vacancies."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.signals import workflow_approved, workflow_rejected, workflow_submitted

from hub.email import send_due
from hub.models import NetworkSettings, OutgoingEmail
from hub.moderation import submit_for_moderation
from jobs.choices import Ending
from jobs.models import Vacancy
from jobs.notifications import remind_closing_vacancies
from members.models import Membership
from tests.factories import UserFactory
from tests.jobs.factories import VacancyFactory, make_jobs_board
from tests.members.factories import MembershipFactory, OrganisationFactory, moderation_workflow

pytestmark = pytest.mark.django_db

STAFF_ADDRESS = "jobs-team@network.example"


@pytest.fixture
def board():
    board = make_jobs_board()
    network = NetworkSettings.for_site(board.get_site())
    network.contact_email = STAFF_ADDRESS
    network.save()
    if board.get_workflow() is None:  # transactional tests flush the migration's workflow
        moderators, _ = Group.objects.get_or_create(name="Moderators")
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.set([moderators])
        workflow = Workflow.objects.create(name="Moderators approval")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=board)
    return board


@pytest.fixture
def member():
    """An organisation admin: no access to Wagtail's admin."""
    organisation = OrganisationFactory(name="Peckham Food Co-op")
    user = UserFactory(first_name="Priya", last_name="Shah", email="priya@coop.example")
    return MembershipFactory(user=user, organisation=organisation, role=Membership.Role.ADMIN)


@pytest.fixture
def moderators():
    """Who Wagtail would email: a superuser and a member of the Moderators group."""
    superuser = UserFactory(is_staff=True, is_superuser=True, email="boss@network.example")
    moderator = UserFactory(is_staff=True, email="mod@network.example")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return superuser, moderator


def draft_vacancy(board, member, **fields):
    """A vacancy as the member's form leaves it: not live, owned by them."""
    return VacancyFactory(
        parent=board,
        live=False,
        owner=member.user,
        organisation=member.organisation,
        title="Community cook",
        **fields,
    )


def submit(vacancy, user, capture):
    with capture(execute=True):
        submit_for_moderation(vacancy, user)
    return Vacancy.objects.get(pk=vacancy.pk).current_workflow_state


def addresses():
    return [message.to[0] for message in mail.outbox]


def test_submission_tells_staff_once_with_a_link_to_review_it(
    board, member, moderators, django_capture_on_commit_callbacks
):
    vacancy = draft_vacancy(board, member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_for_moderation(vacancy, member.user)
    # Inside the request only the queue is written.
    assert mail.outbox == []
    assert OutgoingEmail.objects.get().to == STAFF_ADDRESS
    for callback in callbacks:
        callback()

    assert addresses() == [STAFF_ADDRESS]  # Wagtail told neither the superuser nor moderators
    [email] = mail.outbox
    assert email.subject == "New vacancy to approve: Community cook, Peckham Food Co-op"
    assert "Priya Shah has submitted a new vacancy for the jobs board" in email.body
    assert f"http://testserver/admin/pages/{vacancy.pk}/edit/" in email.body
    html = email.alternatives[0].content
    assert f'<a href="http://testserver/admin/pages/{vacancy.pk}/edit/">' in html


def test_an_edit_to_a_live_vacancy_says_so(board, member, django_capture_on_commit_callbacks):
    vacancy = draft_vacancy(board, member)
    vacancy.save_revision().publish()
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    vacancy.title = "Head cook"
    submit(vacancy, member.user, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert email.subject == "Changes to a vacancy to approve: Head cook, Peckham Food Co-op"
    assert "changes to a vacancy that is on the jobs board" in email.body
    assert "stays on the board as it was" in email.body


def test_the_submission_signal_fired_twice_sends_once(
    board, member, django_capture_on_commit_callbacks
):
    state = submit(draft_vacancy(board, member), member.user, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        workflow_submitted.send(sender=WorkflowState, instance=state, user=member.user)
    assert addresses() == [STAFF_ADDRESS]
    assert OutgoingEmail.objects.count() == 1


def test_each_new_submission_is_announced(board, member, django_capture_on_commit_callbacks):
    vacancy = draft_vacancy(board, member)
    submit(vacancy, member.user, django_capture_on_commit_callbacks)
    submit(Vacancy.objects.get(pk=vacancy.pk), member.user, django_capture_on_commit_callbacks)
    assert addresses() == [STAFF_ADDRESS, STAFF_ADDRESS]


def test_without_a_shared_address_the_moderators_are_told(
    board, member, moderators, django_capture_on_commit_callbacks
):
    NetworkSettings.objects.update(contact_email="")
    submit(draft_vacancy(board, member), member.user, django_capture_on_commit_callbacks)
    assert addresses() == ["mod@network.example"]
    assert mail.outbox[0].subject.startswith("New vacancy to approve")


def test_approval_tells_the_member_once(
    board, member, moderators, django_capture_on_commit_callbacks
):
    vacancy = draft_vacancy(board, member)
    state = submit(vacancy, member.user, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    superuser, _ = moderators

    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.specific.approve(user=superuser)
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    assert vacancy.live

    assert addresses() == ["priya@coop.example"]  # ours, not Wagtail's as well
    [email] = mail.outbox
    assert email.subject == "Your vacancy is approved: Community cook"
    assert email.body.startswith("Hello Priya,")
    assert "It is on the jobs board now, until it closes at " in email.body
    assert vacancy.closed_text() in email.body
    assert vacancy.get_full_url() in email.body
    assert "http://testserver/account/" in email.body
    assert "/admin/" not in email.body + email.alternatives[0].content

    state.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_approved.send(sender=WorkflowState, instance=state, user=superuser)
    assert len(mail.outbox) == 1


def test_a_request_for_changes_carries_the_moderators_comment(
    board, member, moderators, django_capture_on_commit_callbacks
):
    vacancy = draft_vacancy(board, member)
    state = submit(vacancy, member.user, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    superuser, _ = moderators

    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.specific.reject(
            user=superuser, comment="Please give the salary as a range.\nAnd the hours."
        )

    assert addresses() == ["priya@coop.example"]
    [email] = mail.outbox
    assert email.subject == "Changes needed to your vacancy: Community cook"
    assert "ask for changes before it goes on the jobs board" in email.body
    assert "Please give the salary as a range.\nAnd the hours." in email.body
    assert "http://testserver/account/" in email.body
    assert (
        "<blockquote><p>Please give the salary as a range.<br>And the hours.</p></blockquote>"
        in email.alternatives[0].content
    )
    assert not Vacancy.objects.get(pk=vacancy.pk).live

    state.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_rejected.send(sender=WorkflowState, instance=state, user=superuser)
    assert len(mail.outbox) == 1


def test_a_moderator_publishing_a_vacancy_under_review_counts_as_approval(
    board, member, moderators, django_capture_on_commit_callbacks
):
    vacancy = draft_vacancy(board, member)
    state = submit(vacancy, member.user, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    superuser, _ = moderators

    fixed = Vacancy.objects.get(pk=vacancy.pk).get_latest_revision_as_object()
    fixed.title = "Community cook (part time)"
    with django_capture_on_commit_callbacks(execute=True):
        fixed.save_revision(user=superuser).publish(user=superuser)

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert addresses() == ["priya@coop.example"]
    assert mail.outbox[0].subject == "Your vacancy is approved: Community cook (part time)"


def test_an_older_revision_going_live_during_review_is_no_approval(
    board, member, django_capture_on_commit_callbacks
):
    vacancy = draft_vacancy(board, member)
    older = vacancy.save_revision()
    older.publish()
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    vacancy.title = "Head cook"
    submit(vacancy, member.user, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        older.publish()  # as publish_scheduled would, for a revision scheduled earlier
    assert mail.outbox == []


def test_staff_reviewing_their_own_submission_get_no_email(
    board, moderators, django_capture_on_commit_callbacks
):
    superuser, _ = moderators
    vacancy = VacancyFactory(parent=board, live=False, owner=superuser)
    state = submit(vacancy, superuser, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.specific.approve(user=superuser)
    assert addresses() == [STAFF_ADDRESS]  # the submission only


def test_moderating_in_the_admin_with_the_mail_server_down_loses_nothing(
    client, board, member, moderators, django_capture_on_commit_callbacks, settings
):
    vacancy = draft_vacancy(board, member)
    state = submit(vacancy, member.user, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    settings.MAILERS = {"default": {"BACKEND": "tests.test_email_queue.RefusingBackend"}}
    client.force_login(moderators[0])

    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[vacancy.pk, "reject", state.current_task_state_id],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": "Add the closing time, please."})
    assert response.status_code == 302

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    email = OutgoingEmail.objects.get(key__startswith="vacancy-changes-requested-")
    assert email.sent_at is None and email.attempts == 1
    assert email.last_error.startswith("SMTPDataError")
    assert "Add the closing time, please." in email.text

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert send_due(email.next_attempt_at) == (1, 0)
    assert addresses() == ["priya@coop.example"]


def test_wagtail_still_emails_about_other_workflows(
    member, moderators, django_capture_on_commit_callbacks
):
    """Profile edits (a snippet's workflow) keep Wagtail's own emails to moderators."""
    moderation_workflow()
    organisation = member.organisation
    organisation.save_revision().publish()
    organisation.short_description = "Food for everyone."
    with django_capture_on_commit_callbacks(execute=True):
        submit_for_moderation(organisation, member.user)
    assert "mod@network.example" in addresses()
    assert "boss@network.example" in addresses()
    assert OutgoingEmail.objects.count() == 0


# Closing reminders ---------------------------------------------------------------------------


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


def live_vacancy(board, member, closes_at, **fields):
    fields = {"owner": member.user, "title": "Community cook", **fields}
    return VacancyFactory(
        parent=board, organisation=member.organisation, closes_at=closes_at, **fields
    )


def remind(now, capture):
    with capture(execute=True):
        return remind_closing_vacancies(now=now)


def test_the_owner_is_reminded_once_two_days_before_closing(
    board, member, now, django_capture_on_commit_callbacks
):
    vacancy = live_vacancy(board, member, now + timedelta(hours=47))
    assert remind(now, django_capture_on_commit_callbacks) == 1

    [email] = mail.outbox
    assert email.to == ["priya@coop.example"]
    assert email.subject == "Your vacancy closes soon: Community cook"
    assert f"closes at {vacancy.closed_text()}." in email.body
    assert vacancy.get_full_url() in email.body
    assert "http://testserver/account/" in email.body
    vacancy.refresh_from_db()
    assert vacancy.closing_reminder_sent_at == now

    assert remind(now + timedelta(hours=1), django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_the_reminder_window_is_48_hours(board, member, now, django_capture_on_commit_callbacks):
    on_the_edge = live_vacancy(board, member, now + timedelta(hours=48))
    just_beyond = live_vacancy(board, member, now + timedelta(hours=48, minutes=1))
    assert remind(now, django_capture_on_commit_callbacks) == 1
    assert Vacancy.objects.get(pk=on_the_edge.pk).closing_reminder_sent_at == now
    assert Vacancy.objects.get(pk=just_beyond.pk).closing_reminder_sent_at is None

    assert remind(now + timedelta(minutes=1), django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2


def test_no_reminder_for_closed_ended_draft_or_unowned_vacancies(
    board, member, now, django_capture_on_commit_callbacks
):
    soon = now + timedelta(hours=24)
    live_vacancy(board, member, now - timedelta(minutes=1))  # closed
    live_vacancy(board, member, soon, live=False)  # a draft
    live_vacancy(board, member, soon, owner=UserFactory(is_staff=True))  # posted by staff
    ended = live_vacancy(board, member, soon)
    ended.end(Ending.FILLED, member.user, now=now - timedelta(hours=1))
    left = live_vacancy(board, member, soon, owner=UserFactory())  # owner no longer a member

    assert Vacancy.objects.get(pk=ended.pk).ended == Ending.FILLED
    assert not Membership.objects.filter(user=left.owner).exists()
    assert remind(now, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert OutgoingEmail.objects.count() == 0


def test_a_closing_date_moved_later_earns_a_new_reminder(
    board, member, now, django_capture_on_commit_callbacks
):
    vacancy = live_vacancy(board, member, now + timedelta(hours=40))
    assert remind(now, django_capture_on_commit_callbacks) == 1
    Vacancy.objects.filter(pk=vacancy.pk).update(closes_at=now + timedelta(days=7))
    assert remind(now + timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert remind(now + timedelta(days=5, hours=1), django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2


def test_the_command_reminds(board, member, django_capture_on_commit_callbacks):
    live_vacancy(board, member, timezone.now() + timedelta(hours=30))
    output = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_closing_vacancies", stdout=output)
    assert output.getvalue().strip() == "Reminded the owners of 1 vacancy(ies) closing soon."
    assert addresses() == ["priya@coop.example"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_remind_once(board, member, now):
    vacancies = [live_vacancy(board, member, now + timedelta(hours=h)) for h in range(1, 21)]
    start = threading.Barrier(3)
    counts, errors = [], []

    def run(moment):
        try:
            start.wait()
            counts.append(remind_closing_vacancies(now=moment))
        except Exception as error:  # noqa: BLE001 -- reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    runs = [threading.Thread(target=run, args=[now + timedelta(seconds=s)]) for s in range(3)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()

    assert errors == []
    assert sum(counts) == len(vacancies)
    assert OutgoingEmail.objects.count() == len(vacancies)
    assert len(mail.outbox) == len(vacancies)


def test_a_workflow_without_tasks_approves_at_once_and_still_tells_staff(
    board, moderators, django_capture_on_commit_callbacks
):
    superuser, _ = moderators
    workflow = Workflow.objects.create(name="No review")
    WorkflowPage.objects.update_or_create(page=board, defaults={"workflow": workflow})
    vacancy = VacancyFactory(parent=board, live=False, owner=superuser)
    with django_capture_on_commit_callbacks(execute=True):
        submit_for_moderation(vacancy, superuser)
    assert Vacancy.objects.get(pk=vacancy.pk).live
    assert addresses() == [STAFF_ADDRESS]
