"""The demo jobs board: enough vacancies that every filter finds some, open, closing soon and
closed; the demo member's vacancies in every state of staff review; built once."""

import io
import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision, WorkflowState

from demo import jobs
from demo.members import DEMO_MEMBER_ORGANISATION
from jobs.choices import (
    HOURS_BANDS,
    SALARY_BANDS,
    ContractType,
    DocumentKind,
    Location,
    SalaryPeriod,
    WorkingPattern,
)
from jobs.models import Vacancy, VacancyDocument

pytestmark = pytest.mark.django_db


def load(*options):
    call_command("load_demo_content", *options, stdout=io.StringIO())


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    load()


def in_hours_band(vacancy, above, up_to):
    hours = vacancy.hours_per_week
    return (above is None or hours > above) and (up_to is None or hours <= up_to)


def in_salary_band(vacancy, start, below):
    """The whole yearly pay range inside the band."""
    low, high = vacancy.salary_yearly_min, vacancy.salary_yearly_max
    if low is None:
        return False
    return (start is None or low >= start) and (below is None or high < below)


def test_the_demo_has_at_least_15_valid_vacancies(demo):
    vacancies = list(Vacancy.objects.all())
    assert len(vacancies) >= 15
    for vacancy in vacancies:
        vacancy.full_clean()
        assert vacancy.apply_url.startswith("https://example.org/") or not vacancy.apply_url
        assert vacancy.apply_email.endswith("@example.org") or not vacancy.apply_email
        assert vacancy.tags.exists() and vacancy.equality_statement
    assert Vacancy.objects.live().count() >= 15


def test_open_vacancies_cover_every_value_of_every_filter(demo):
    open_vacancies = list(Vacancy.objects.on_board())

    assert {v.location for v in open_vacancies} == set(Location.values)
    boroughs = {v.borough.slug for v in open_vacancies if v.location == Location.BOROUGH}
    assert len(boroughs) >= 3, boroughs
    assert {v.working_pattern for v in open_vacancies} == set(WorkingPattern.values)
    assert {v.contract_type for v in open_vacancies} == set(ContractType.values)
    fixed_term = [v for v in open_vacancies if v.contract_type == ContractType.FIXED_TERM]
    assert all(v.contract_months for v in fixed_term)
    assert len({v.contract_months for v in fixed_term}) >= 3
    for slug, _label, above, up_to in HOURS_BANDS:
        assert any(in_hours_band(v, above, up_to) for v in open_vacancies), slug
    for slug, _label, start, below in SALARY_BANDS:
        assert any(in_salary_band(v, start, below) for v in open_vacancies), slug
    assert any(v.unpaid and v.salary_yearly_min is None for v in open_vacancies)
    paid = [v for v in open_vacancies if not v.unpaid]
    assert {v.salary_period for v in paid} == set(SalaryPeriod.values)

    assert len({v.organisation_id for v in open_vacancies if v.organisation_id}) >= 5
    assert any(v.employer_name and not v.organisation_id for v in open_vacancies)
    assert any(v.interviews_on for v in open_vacancies)
    assert any(v.interviews_until for v in open_vacancies)
    assert any(v.benefits for v in open_vacancies)


def test_some_close_within_three_days_and_some_closed_last_week_with_their_pages_up(demo, client):
    now = timezone.now()
    live = Vacancy.objects.live()
    assert live.open().filter(closes_at__lte=now + timedelta(days=3)).count() >= 2
    closed = list(live.closed())
    assert len(closed) >= 2
    for vacancy in closed:
        assert now - timedelta(days=8) < vacancy.closes_at < now
        assert vacancy.expire_at > now
        assert client.get(vacancy.url).status_code == 200


def test_the_two_bulletin_vacancies_keep_every_fact(demo):
    stag = Vacancy.objects.get(slug="sessional-youth-engagement-worker")
    assert stag.organisation.slug == DEMO_MEMBER_ORGANISATION
    assert (stag.borough.slug, stag.place, stag.working_pattern) == (
        "southwark",
        "Peckham",
        WorkingPattern.HYBRID,
    )
    assert (stag.hours_per_week, stag.contract_type, stag.contract_months) == (
        Decimal(14),
        ContractType.FIXED_TERM,
        6,
    )
    assert stag.salary_min == Decimal(12000) and stag.salary_period == SalaryPeriod.YEAR
    assert "depending on experience and qualifications" in stag.salary_note
    assert "possibility of extension" in stag.description
    assert stag.is_open()

    officer = Vacancy.objects.get(slug="partnerships-officer-health-and-social-care")
    assert officer.organisation.slug == "tower-hamlets-cvs"
    assert (officer.hours_per_week, officer.contract_type, officer.contract_months) == (
        Decimal(35),
        ContractType.FIXED_TERM,
        12,
    )
    assert (officer.salary_min, officer.salary_max) == (Decimal(32000), Decimal(34000))
    assert "8% pension" in officer.benefits and "6% from the employer" in officer.benefits
    assert "25 days" in officer.benefits
    closes = timezone.localtime(officer.closes_at)
    assert (closes.strftime("%A"), closes.hour, closes.minute) == ("Thursday", 9, 0)
    assert officer.interviews_on == closes.date() + timedelta(days=8)
    assert officer.interviews_on.strftime("%A") == "Friday"
    assert officer.is_open()


def test_the_demo_members_organisation_has_vacancies_in_every_state_of_review(demo):
    ours = Vacancy.objects.filter(organisation__slug=DEMO_MEMBER_ORGANISATION)
    assert ours.live().filter(owner__username="member").count() >= 2

    states = {v.current_workflow_state.status: v for v in ours if v.current_workflow_state}
    assert set(states) == {WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES}

    submitted = states[WorkflowState.STATUS_IN_PROGRESS]
    assert not submitted.live and submitted.live_revision is None
    assert submitted.first_published_at is None
    assert submitted.owner.username == "member"
    assert submitted.current_workflow_state.requested_by.username == "member"

    sent_back = states[WorkflowState.STATUS_NEEDS_CHANGES]
    assert not sent_back.live and sent_back.first_published_at is None
    task_state = sent_back.current_workflow_state.current_task_state
    assert task_state.status == "rejected"
    assert task_state.comment == jobs.CHANGES_COMMENT
    assert task_state.finished_by.username == "admin"


def test_the_application_pack_is_a_real_pdf(demo):
    pack = VacancyDocument.objects.get()
    assert pack.vacancy.slug == "partnerships-officer-health-and-social-care"
    assert pack.kind == DocumentKind.JOB_DESCRIPTION
    with pack.document.open_file() as f:
        content = f.read()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    assert pack.document.file_size == len(content)
    # Every object the cross-reference table lists starts where it says.
    xref = int(re.search(rb"startxref\n(\d+)", content).group(1))
    offsets = re.findall(rb"(\d{10}) 00000 n ", content[xref:])
    assert offsets
    for number, offset in enumerate(offsets, start=1):
        assert content[int(offset) :].startswith(b"%d 0 obj" % number)


def test_no_address_or_link_outside_example_org(demo):
    texts = [json.dumps(v.latest_revision.content) for v in Vacancy.objects.all()]
    with VacancyDocument.objects.get().document.open_file() as f:
        texts.append(f.read().decode("latin-1"))
    text = "\n".join(texts)
    emails = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    assert emails and all(email.endswith("@example.org") for email in emails), emails
    links = set(re.findall(r"https?://[^/\s\"'<>\\]+", text))
    assert links == {"https://example.org"}, links


def test_a_second_run_adds_nothing(demo):
    counts = (
        Vacancy.objects.count(),
        VacancyDocument.objects.count(),
        WorkflowState.objects.count(),
        Revision.objects.count(),
    )
    reports = []
    jobs.build(lambda what, count: reports.append((what, count)))
    assert reports == [("vacancies", 0), ("vacancies sent to staff for approval", 0)]
    load()
    assert counts == (
        Vacancy.objects.count(),
        VacancyDocument.objects.count(),
        WorkflowState.objects.count(),
        Revision.objects.count(),
    )


def test_without_accounts_nothing_is_sent_for_approval_until_they_exist(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    load("--no-accounts")
    assert Vacancy.objects.count() == Vacancy.objects.live().count() >= 15
    assert not WorkflowState.objects.exists()

    load()
    assert WorkflowState.objects.active().count() == 2
