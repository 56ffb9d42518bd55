"""Members' vacancies through Wagtail's moderation workflow, end to end: staff approve or ask
for changes with Wagtail's task-state APIs (as in the admin), and the member sees the outcome
on their dashboard. An edit to a live vacancy waits for approval; withdrawing does not."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import WorkflowState

from jobs.models import Vacancy
from tests.jobs.posting_helpers import (
    approve,
    newest_vacancy,
    post_vacancy,
    posting_site,
    request_changes,
    url,
    vacancy_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return posting_site()


@pytest.fixture
def member(client, site):
    client.force_login(site["admin_a"])
    return site["admin_a"]


def text(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def dashboard(client):
    return text(client.get(reverse("members:dashboard")))


def board_titles(client, board):
    html = BeautifulSoup(client.get(board.url).content, "html.parser")
    return [title.get_text(strip=True) for title in html.select("main .card__title")]


def test_an_approved_vacancy_goes_live_on_the_board(client, site, member):
    post_vacancy(client, site["org_a"])
    vacancy = newest_vacancy()
    assert board_titles(client, site["board"]) == []

    approve(vacancy, site["staff"])

    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    assert vacancy.live and not vacancy.has_unpublished_changes
    assert vacancy.current_workflow_state is None
    assert board_titles(client, site["board"]) == ["Youth worker"]
    page = text(client.get(vacancy.url))
    assert "Run our Friday youth club in Peckham." in page
    assert "Plan sessions" in page
    assert "Youth worker Live On the jobs board. Closes 5pm" in dashboard(client)


def test_changes_requested_show_the_comment_then_the_edit_goes_live(client, site, member):
    post_vacancy(client, site["org_a"], salary_note="")
    vacancy = newest_vacancy()
    request_changes(vacancy, site["staff"], "Please say whether the salary is pro rata.")

    state = Vacancy.objects.get(pk=vacancy.pk).current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    page = dashboard(client)
    assert "Youth worker Changes requested" in page
    assert "The staff's comment: “Please say whether the salary is pro rata.”" in page
    assert not Vacancy.objects.get(pk=vacancy.pk).live

    # The member edits and sends it again: a fresh review of the new version.
    edit = url("edit_vacancy", site["org_a"], vacancy)
    form = BeautifulSoup(client.get(edit).content, "html.parser")
    assert not form.find(id="id_salary_note").get("value")
    assert client.post(edit, vacancy_data(salary_note="pro rata")).status_code == 302
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    state = vacancy.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision.as_object().salary_note == "pro rata"
    assert "Youth worker Awaiting approval" in dashboard(client)
    assert "Please say whether" not in dashboard(client)

    approve(vacancy, site["staff"])
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    assert vacancy.live and vacancy.salary_note == "pro rata"
    assert "£28,000 to £30,000 a year, pro rata" in text(client.get(vacancy.url))


def test_an_edit_to_a_live_vacancy_keeps_the_live_version_until_approved(client, site, member):
    post_vacancy(client, site["org_a"])
    vacancy = newest_vacancy()
    approve(vacancy, site["staff"])

    edit = url("edit_vacancy", site["org_a"], vacancy)
    form = text(client.get(edit))
    assert "This vacancy is live." in form
    client.post(
        edit,
        vacancy_data(
            title="Senior youth worker", salary_min="32000", salary_max="", tags="management"
        ),
    )

    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    assert vacancy.live and vacancy.has_unpublished_changes
    assert vacancy.title == "Youth worker" and vacancy.salary_min == 28000
    assert sorted(tag.name for tag in vacancy.tags.all()) == ["Peckham", "youth work"]
    assert board_titles(client, site["board"]) == ["Youth worker"]
    assert "£28,000 to £30,000" in text(client.get(vacancy.url))
    assert vacancy.latest_revision.user == member
    assert "Senior youth worker Awaiting approval Your changes are awaiting approval" in (
        dashboard(client)
    )
    # A second edit starts from the pending version, not the live one.
    assert 'value="Senior youth worker"' in client.get(edit).content.decode()

    approve(vacancy, site["staff"])
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    assert vacancy.title == "Senior youth worker" and vacancy.salary_max is None
    assert [tag.name for tag in vacancy.tags.all()] == ["management"]
    assert board_titles(client, site["board"]) == ["Senior youth worker"]
    assert "From £32,000 a year" in text(client.get(vacancy.url))


def test_staff_compare_the_member_edit_with_the_live_version(client, site, member):
    post_vacancy(client, site["org_a"])
    vacancy = newest_vacancy()
    approve(vacancy, site["staff"])
    client.post(url("edit_vacancy", site["org_a"], vacancy), vacancy_data(title="Lead worker"))
    vacancy = Vacancy.objects.get(pk=vacancy.pk)

    client.force_login(site["staff"])
    compare = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[vacancy.pk, "live", vacancy.latest_revision.pk],
    )
    html = text(client.get(compare))
    assert "Youth worker" in html and "Lead worker" in html


def test_withdrawing_closes_at_once_and_a_pending_edit_cannot_reopen_it(client, site, member):
    post_vacancy(client, site["org_a"])
    vacancy = newest_vacancy()
    approve(vacancy, site["staff"])
    edit = url("edit_vacancy", site["org_a"], vacancy)
    client.post(edit, vacancy_data(title="Youth worker (extended)"))
    pending = Vacancy.objects.get(pk=vacancy.pk).latest_revision

    confirm = text(client.get(url("withdraw_vacancy", site["org_a"], vacancy)))
    assert "Withdraw “Youth worker”" in confirm
    assert "changes awaiting approval are withdrawn too" in confirm
    response = client.post(url("withdraw_vacancy", site["org_a"], vacancy))
    assert response.status_code == 302

    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    assert vacancy.ended == "withdrawn" and not vacancy.is_open()
    assert vacancy.current_workflow_state is None
    assert board_titles(client, site["board"]) == []
    assert "applications are no longer accepted" in text(client.get(vacancy.url)).lower()
    page = dashboard(client)
    assert "Withdrawn Closed on" in page
    assert url("edit_vacancy", site["org_a"], vacancy) not in str(page)

    # Staff publishing the old edit by hand keeps it closed.
    pending.publish(user=site["staff"])
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    assert vacancy.title == "Youth worker (extended)"
    assert vacancy.ended == "withdrawn" and not vacancy.is_open()
    assert board_titles(client, site["board"]) == []


def test_marking_filled_closes_at_once(client, site, member):
    post_vacancy(client, site["org_a"])
    vacancy = newest_vacancy()
    approve(vacancy, site["staff"])
    confirm = text(client.get(url("fill_vacancy", site["org_a"], vacancy)))
    assert "Mark “Youth worker” filled" in confirm
    client.post(url("fill_vacancy", site["org_a"], vacancy))
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    assert vacancy.ended == "filled" and not vacancy.is_open()
    assert board_titles(client, site["board"]) == []
    assert "Youth worker Filled Closed on" in dashboard(client)


def test_withdrawing_a_vacancy_awaiting_approval_takes_it_out_of_review(client, site, member):
    post_vacancy(client, site["org_a"])
    vacancy = newest_vacancy()
    client.post(url("withdraw_vacancy", site["org_a"], vacancy))
    vacancy = Vacancy.objects.get(pk=vacancy.pk)
    assert vacancy.ended == "withdrawn" and not vacancy.live
    states = WorkflowState.objects.for_instance(vacancy)
    assert [state.status for state in states] == [WorkflowState.STATUS_CANCELLED]
    # Only a vacancy that was published can be marked filled.
    assert "Mark filled" not in dashboard(client)
