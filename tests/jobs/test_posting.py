"""Members post vacancies through the public form: what is stored, what they see when
something is wrong, the plain-text description and posting a copy."""

from datetime import datetime, time

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from hub.deadlines import LONDON
from jobs.forms import VacancyForm, html_to_text, text_to_html
from jobs.models import Vacancy
from members.models import Membership
from tests.jobs.factories import VacancyFactory
from tests.jobs.posting_helpers import (
    docx_bytes,
    in_days_london,
    newest_vacancy,
    pdf_bytes,
    post_vacancy,
    posting_site,
    upload,
    url,
    vacancy_data,
)
from tests.members.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def site():
    return posting_site()


@pytest.fixture
def member(client, site):
    client.force_login(site["contributor_a"])
    return site["contributor_a"]


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def textarea(html, control_id):
    # Django writes a newline after <textarea>, which browsers drop.
    return html.find(id=control_id).get_text().removeprefix("\n")


def test_a_posted_vacancy_is_stored_unpublished_and_sent_for_approval(client, site, member):
    response = client.post(
        url("new_vacancy", site["org_a"]),
        vacancy_data(document_1=upload("Job description.pdf", pdf_bytes())),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:dashboard")

    vacancy = newest_vacancy()
    assert vacancy.get_parent().pk == site["board"].pk
    assert not vacancy.live
    assert vacancy.owner == member
    assert vacancy.organisation == site["org_a"]
    assert vacancy.employer_name == ""
    assert vacancy.title == "Youth worker"
    assert vacancy.salary_min == 28000 and vacancy.salary_max == 30000
    assert vacancy.salary_yearly_min == 28000
    assert vacancy.postcode == "SE15 4ST"
    # Closing time left blank: 5pm London time.
    assert vacancy.closes_at == datetime.combine(in_days_london(14), time(17), tzinfo=LONDON)
    assert sorted(tag.name for tag in vacancy.tags.all()) == ["Peckham", "youth work"]
    (item,) = vacancy.application_pack.all()
    assert item.kind == "job-description"
    assert item.document.collection.name == "Vacancy application packs awaiting approval"
    assert item.document.uploaded_by_user == member
    assert item.document.file.read().startswith(b"%PDF-")

    revision = vacancy.latest_revision
    assert revision.user == member
    state = vacancy.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == member
    assert state.current_task_state.revision == revision
    dashboard = soup(client.get(reverse("members:dashboard"))).get_text(" ", strip=True)
    assert "“Youth worker” is with the network's staff for approval" in dashboard
    assert "Youth worker Awaiting approval" in dashboard
    # Not on the board until approved.
    assert "Youth worker" not in client.get(site["board"].url).content.decode()


def test_the_form_groups_fields_under_legends_with_hints(client, site, member):
    response = client.get(url("new_vacancy", site["org_a"]))
    assert response.status_code == 200
    html = soup(response)
    assert html.h1.get_text() == "Post a vacancy"
    legends = [legend.get_text(strip=True) for legend in html.select("form legend h2")]
    assert legends == [
        "The job",
        "Where",
        "Hours and contract",
        "Pay",
        "Dates",
        "How to apply",
        "Application pack",
        "Equality and topics",
    ]
    assert html.find(id="id_closes_on")["type"] == "date"
    assert html.find(id="id_closes_time")["type"] == "time"
    assert "Leave blank for 5pm" in html.find(id="id_closes_time_helptext").get_text()
    assert "blank line" in html.find(id="id_description_helptext").get_text()
    assert html.find(id="id_description").name == "textarea"
    assert html.find(id="id_document_1")["accept"] == ".pdf,.doc,.docx,.odt"
    # The organisation is the member's own, never a choice.
    assert html.find(attrs={"name": "organisation"}) is None
    assert "For Peckham Youth Project." in html.get_text()
    # London-wide and National are not boroughs.
    boroughs = [option.get_text() for option in html.select("#id_borough option")]
    assert "Southwark" in boroughs and "National" not in boroughs


def error_beside(html, control_id):
    """The error shown in the field's own group, which the control points to."""
    control = html.find(id=control_id)
    assert control is not None, control_id
    group = control.find_parent(class_="form-field")
    errors = group.select_one(".errorlist").get_text(" ", strip=True)
    if control.get("type") != "radio":
        assert control["aria-invalid"] == "true"
        assert f"{control_id}_error" in control["aria-describedby"]
    return errors


@pytest.mark.parametrize(
    "changes, control_id, message",
    [
        ({"title": ""}, "id_title", "Give the job title."),
        ({"title": "!!!"}, "id_title", "Give the job title in words."),
        ({"summary": "x" * 301}, "id_summary", "Keep the summary to 300 characters at most"),
        ({"description": " \n "}, "id_description", "Describe the job."),
        ({"location": None}, "id_location_0", "Say where the job is."),
        ({"borough": ""}, "id_borough", "Choose the borough the job is in."),
        ({"hours_per_week": "60"}, "id_hours_per_week", "can be at most 48"),
        ({"hours_per_week": "0.25"}, "id_hours_per_week", "must be at least 0.5"),
        ({"hours_per_week": "lots"}, "id_hours_per_week", "Give the hours a week as a number"),
        ({"hours_per_week": ""}, "id_hours_per_week", "Give the hours a week, such as 35"),
        ({"contract_months": ""}, "id_contract_months", "Say how long the fixed-term contract"),
        (
            {"salary_min": "£32,000", "salary_max": "£28,000"},
            "id_salary_max",
            "The top of the salary range is below its start.",
        ),
        ({"salary_min": "", "salary_max": ""}, "id_salary_min", "tick “unpaid”"),
        ({"salary_min": "a lot"}, "id_salary_min", "Give the salary as an amount in pounds"),
        ({"closes_on": ""}, "id_closes_on", "Give the closing date."),
        ({"closes_on": "2026-02-30"}, "id_closes_on", "Give the closing date as a real date"),
        (
            {"closes_on": in_days_london(-1).isoformat()},
            "id_closes_on",
            "The closing date has passed",
        ),
        ({"closes_time": "25:99"}, "id_closes_time", "hours and minutes"),
        (
            {"interviews_on": in_days_london(20).isoformat(), "interviews_until": "2020-01-01"},
            "id_interviews_until",
            "The last interview date is before the first.",
        ),
        ({"apply_url": "", "apply_email": ""}, "id_apply_url", "Say how to apply"),
        ({"apply_email": "jobs at example"}, "id_apply_email", "Give an email address like"),
        ({"tags": ",".join(f"t{n}" for n in range(11))}, "id_tags", "at most 10 topics"),
    ],
)
def test_each_problem_is_shown_beside_its_field_and_in_the_summary(
    client, site, member, changes, control_id, message
):
    response = post_vacancy(client, site["org_a"], **changes)
    assert response.status_code == 200
    html = soup(response)
    assert html.title.get_text().startswith("Error: Post a vacancy")
    assert message in error_beside(html, control_id)
    link = html.select_one(f'.error-summary a[href="#{control_id}"]')
    assert link is not None and message in link.get_text()
    # One message a field, even where the model checks the same thing.
    assert (
        len(html.find(id=control_id).find_parent(class_="form-field").select(".errorlist li")) == 1
    )
    assert not Vacancy.objects.exists()


def test_the_summary_lists_problems_in_the_order_of_the_page(client, site, member):
    response = post_vacancy(
        client,
        site["org_a"],
        tags=",".join(f"t{n}" for n in range(11)),
        apply_url="",
        closes_on="",
        title="",
        document_1=upload("photo.png", b"png"),
    )
    links = [link["href"] for link in soup(response).select(".error-summary a")]
    assert links == ["#id_title", "#id_closes_on", "#id_apply_url", "#id_document_1", "#id_tags"]


def test_a_closing_time_earlier_today_has_passed(client, site, member):
    today = timezone.localdate()
    now = datetime.combine(today, time(12), tzinfo=LONDON)
    data = vacancy_data(closes_on=today.isoformat(), closes_time="11:59")
    form = VacancyForm(data, organisation=site["org_a"], now=now)
    assert not form.is_valid()
    assert "The closing date has passed: 11:59am" in form.errors["closes_on"][0]
    data = vacancy_data(closes_on=today.isoformat(), closes_time="12:01")
    assert VacancyForm(data, organisation=site["org_a"], now=now).is_valid()


def test_nothing_typed_is_lost_on_an_error_and_the_files_are_asked_for_again(client, site, member):
    response = post_vacancy(
        client,
        site["org_a"],
        title="",
        description="Line one & more.\n\n- First duty",
        tags="youth work, Peckham",
        working_pattern="remote",
        document_1=upload("jd.pdf", pdf_bytes()),
    )
    html = soup(response)
    assert textarea(html, "id_description") == "Line one & more.\n\n- First duty"
    assert html.find(id="id_tags")["value"] == "youth work, Peckham"
    assert html.find(id="id_hours_per_week")["value"] == "17.5"
    assert html.find(id="id_salary_min")["value"] == "£28,000"
    assert html.find("input", attrs={"name": "working_pattern", "value": "remote"}).has_attr(
        "checked"
    )
    assert "Choose your documents again." in html.get_text()
    # Without a file chosen there is nothing to ask for again.
    html = soup(post_vacancy(client, site["org_a"], title=""))
    assert "Choose your documents again." not in html.get_text()


def test_a_closing_time_can_be_given_and_unpaid_roles_have_no_salary(client, site, member):
    post_vacancy(
        client,
        site["org_a"],
        closes_time="09:30",
        unpaid="on",
        salary_min="",
        salary_max="",
        contract_type="volunteer",
        apply_url="",
        apply_email="volunteer@example.org",
    )
    vacancy = newest_vacancy()
    assert vacancy.closes_at == datetime.combine(in_days_london(14), time(9, 30), tzinfo=LONDON)
    assert vacancy.unpaid and vacancy.salary_min is None
    assert vacancy.contract_months is None
    assert vacancy.apply_email == "volunteer@example.org"


# Plain text to rich text and back


def test_paragraphs_and_bullets_become_rich_text():
    text = (
        "We are hiring.\r\nStart in May.\r\n\r\n- Plan sessions\r\n-  Keep records\r\n\r\n\r\n"
        "Thanks"
    )
    assert text_to_html(text) == (
        "<p>We are hiring.<br/>Start in May.</p>"
        "<ul><li>Plan sessions</li><li>Keep records</li></ul>"
        "<p>Thanks</p>"
    )
    # A list straight after a paragraph, without a blank line, is still a list.
    assert text_to_html("Duties:\n- Plan\n- Record") == (
        "<p>Duties:</p><ul><li>Plan</li><li>Record</li></ul>"
    )
    # A dash without a space is just a dash.
    assert text_to_html("-5 degrees") == "<p>-5 degrees</p>"


def test_everything_typed_is_escaped():
    html = text_to_html('<script>alert("x")</script> & <b>bold</b>\n- <a href="javascript:x">')
    assert "<script" not in html and "<b>" not in html and "<a " not in html
    assert html == (
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</p>"
        "<ul><li>&lt;a href=&quot;javascript:x&quot;&gt;</li></ul>"
    )


def test_rich_text_turns_back_into_the_same_plain_text():
    text = "We are hiring.\nStart in May.\n\n- Plan sessions\n- Keep records\n\nA < B & C"
    assert html_to_text(text_to_html(text)) == (text, False)
    # Staff formatting is reported, its words kept.
    staff = (
        '<h2 data-block-key="a1">Role</h2><p data-block-key="b2">Read <a href="https://x.org">'
        "this</a> and <b>that</b>.</p><ol><li>One</li><li>Two</li></ol>"
    )
    assert html_to_text(staff) == ("Role\n\nRead this and that.\n\n- One\n- Two", True)


def test_the_description_is_stored_escaped_and_edited_as_typed(client, site, member):
    typed = "Come & work with us <3\n\n- Use <b>tags</b>"
    post_vacancy(client, site["org_a"], description=typed)
    vacancy = newest_vacancy()
    assert vacancy.description == (
        "<p>Come &amp; work with us &lt;3</p><ul><li>Use &lt;b&gt;tags&lt;/b&gt;</li></ul>"
    )
    html = soup(client.get(url("edit_vacancy", site["org_a"], vacancy)))
    assert textarea(html, "id_description") == typed


def test_a_description_formatted_by_staff_warns_that_formatting_is_lost(client, site, member):
    vacancy = VacancyFactory(
        parent=site["board"],
        organisation=site["org_a"],
        description='<h2>Role</h2><p>See <a href="https://example.org">our site</a>.</p>',
    )
    html = soup(client.get(url("edit_vacancy", site["org_a"], vacancy)))
    assert textarea(html, "id_description") == "Role\n\nSee our site."
    assert "The network's staff formatted this description" in html.get_text()


# The application pack


def test_at_most_three_documents(client, site, member):
    post_vacancy(
        client,
        site["org_a"],
        document_1=upload("jd.pdf", pdf_bytes()),
        document_2=upload("ps.docx", docx_bytes()),
    )
    vacancy = newest_vacancy()
    edit = url("edit_vacancy", site["org_a"], vacancy)
    data = vacancy_data(
        document_1=upload("form.pdf", pdf_bytes()), document_2=upload("more.pdf", pdf_bytes())
    )
    html = soup(client.post(edit, data))
    assert "3 documents at most" in error_beside(html, "id_document_1")

    # Removing one makes room for another.
    removed = str(vacancy.application_pack.get(kind="job-description").document_id)
    data = vacancy_data(
        remove_documents=[removed],
        document_1=upload("form.pdf", pdf_bytes()),
        kind_1="application-form",
        document_2=upload("other.pdf", pdf_bytes()),
        kind_2="other",
    )
    assert client.post(edit, data).status_code == 302
    draft = Vacancy.objects.get(pk=vacancy.pk).get_latest_revision_as_object()
    assert sorted(item.kind for item in draft.application_pack.all()) == [
        "application-form",
        "other",
        "person-specification",
    ]


# Posting a copy


def test_a_copy_starts_from_the_earlier_vacancy_without_its_dates(client, site, member):
    post_vacancy(
        client,
        site["org_a"],
        interviews_on=in_days_london(20).isoformat(),
        document_1=upload("jd.pdf", pdf_bytes()),
    )
    source = newest_vacancy()
    html = soup(client.get(url("copy_vacancy", site["org_a"], source)))
    assert html.h1.get_text() == "Post a vacancy"
    assert "This form starts from “Youth worker”" in html.get_text()
    assert html.find(id="id_title")["value"] == "Youth worker"
    assert textarea(html, "id_description") == (
        "We run a youth club.\n\n- Plan sessions\n- Keep records"
    )
    assert html.find(id="id_tags")["value"] in {"youth work, Peckham", "Peckham, youth work"}
    assert html.find(id="id_hours_per_week")["value"] == "17.5"
    assert not html.find(id="id_closes_on").get("value")
    assert not html.find(id="id_interviews_on").get("value")
    # Its documents come along unless removed.
    assert "Job description: Youth worker: Job description" in html.select_one(
        "#id_remove_documents"
    ).get_text(" ", strip=True)

    data = vacancy_data(title="Youth worker (summer)")
    response = client.post(url("copy_vacancy", site["org_a"], source), data)
    assert response.status_code == 302
    copy = newest_vacancy()
    assert copy.pk != source.pk and copy.title == "Youth worker (summer)"
    assert copy.slug != source.slug
    assert copy.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    (item,) = copy.application_pack.all()
    (original,) = source.application_pack.all()
    assert item.pk != original.pk and item.document_id == original.document_id
    assert Vacancy.objects.get(pk=source.pk).title == "Youth worker"


def test_a_copy_can_leave_the_documents_behind(client, site, member):
    post_vacancy(client, site["org_a"], document_1=upload("jd.pdf", pdf_bytes()))
    source = newest_vacancy()
    document_id = str(source.application_pack.get().document_id)
    data = vacancy_data(remove_documents=[document_id])
    client.post(url("copy_vacancy", site["org_a"], source), data)
    assert newest_vacancy().pk != source.pk
    assert not newest_vacancy().application_pack.exists()
    assert source.application_pack.count() == 1


# The dashboard


def dashboard_queries(client):
    client.get(reverse("members:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:dashboard"))
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def test_the_dashboard_costs_the_same_queries_however_many_vacancies(client, site, member):
    VacancyFactory(parent=site["board"], organisation=site["org_a"])
    post_vacancy(client, site["org_a"])
    few = len(dashboard_queries(client))
    for number in range(5):
        VacancyFactory(parent=site["board"], organisation=site["org_a"], title=f"Job {number}")
        post_vacancy(client, site["org_a"], title=f"Posted {number}")
    newest_vacancy().end("withdrawn", member)
    assert len(dashboard_queries(client)) == few


def test_more_organisations_cost_no_more_vacancy_queries(client, site, member):
    VacancyFactory(parent=site["board"], organisation=site["org_a"])

    def vacancy_queries():
        return [sql for sql in dashboard_queries(client) if "jobs_vacancy" in sql]

    one = vacancy_queries()
    for _ in range(3):
        organisation = OrganisationFactory()
        MembershipFactory(organisation=organisation, user=member, role=Membership.Role.ADMIN)
        VacancyFactory(parent=site["board"], organisation=organisation)
    assert len(vacancy_queries()) == len(one) == 1


def test_the_dashboard_offers_posting_for_each_organisation(client, site, member):
    MembershipFactory(organisation=site["org_b"], user=member, role=Membership.Role.ADMIN)
    html = soup(client.get(reverse("members:dashboard")))
    links = {
        link.get_text(" ", strip=True): link["href"]
        for link in html.select("a.button")
        if "Post a vacancy" in link.get_text()
    }
    assert links == {
        "Post a vacancy for Peckham Youth Project": url("new_vacancy", site["org_a"]),
        "Post a vacancy for Barnet Advice Centre": url("new_vacancy", site["org_b"]),
    }
    assert "No vacancies yet." in html.get_text()
