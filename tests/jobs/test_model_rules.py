"""What a vacancy refuses, what it derives, the words it shows, and when it leaves the site."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision, Site

from jobs import wording
from jobs.choices import ContractType, Ending, Location, SalaryPeriod, WorkingPattern
from jobs.models import JobsSettings, Vacancy, yearly_equivalent
from tests.bulletin.factories import in_days
from tests.jobs.factories import VacancyFactory, make_jobs_board
from tests.members.factories import BoroughFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs():
    return make_jobs_board()


def errors_of(vacancy):
    with pytest.raises(ValidationError) as raised:
        vacancy.full_clean()
    return raised.value.message_dict


def test_salary_minimum_above_maximum_is_refused_beside_the_maximum(jobs):
    vacancy = VacancyFactory.build(salary_min=Decimal(34000), salary_max=Decimal(32000))
    assert errors_of(vacancy)["salary_max"] == ["The top of the salary range is below its start."]


def test_a_vacancy_needs_a_way_to_apply(jobs):
    vacancy = VacancyFactory.build(apply_url="", apply_email="")
    assert "Say how to apply" in errors_of(vacancy)["apply_url"][0]


@pytest.mark.parametrize("hours", [Decimal(0), Decimal("48.5"), Decimal(70)])
def test_hours_out_of_range_are_refused(jobs, hours):
    assert "hours_per_week" in errors_of(VacancyFactory.build(hours_per_week=hours))


def test_a_fixed_term_needs_its_length_and_a_borough_job_its_borough(jobs):
    vacancy = VacancyFactory.build(contract_months=None, location=Location.BOROUGH)
    errors = errors_of(vacancy)
    assert errors["contract_months"] == ["Say how long the fixed-term contract lasts, in months."]
    assert errors["borough"] == ["Choose the borough the job is in."]


def test_someone_must_be_hiring_and_paying_or_it_is_unpaid(jobs):
    vacancy = VacancyFactory.build(employer_name="", salary_min=None, salary_max=None)
    errors = errors_of(vacancy)
    assert "organisation" in errors
    assert "unpaid" in errors["salary_min"][0]
    VacancyFactory.build(employer_name="X", salary_min=None, unpaid=True).clean()


@pytest.mark.parametrize(
    ("amount", "period", "hours", "yearly"),
    [
        (Decimal(32000), SalaryPeriod.YEAR, Decimal(35), Decimal(32000)),
        (Decimal(2500), SalaryPeriod.MONTH, Decimal(35), Decimal(30000)),
        (Decimal(140), SalaryPeriod.DAY, Decimal(35), Decimal(36400)),  # 5 days, 52 weeks
        (Decimal("14.50"), SalaryPeriod.HOUR, Decimal(14), Decimal(10556)),
    ],
)
def test_the_salary_band_reads_a_yearly_equivalent(amount, period, hours, yearly):
    assert yearly_equivalent(amount, period, hours) == yearly


def test_saving_derives_the_band_fields_and_the_unpublishing_date(jobs):
    vacancy = VacancyFactory(
        parent=jobs,
        salary_min=Decimal(12),
        salary_max=Decimal(15),
        salary_period=SalaryPeriod.HOUR,
        hours_per_week=Decimal(20),
        closes_at=in_days(5),
    )
    vacancy.refresh_from_db()
    assert (vacancy.salary_yearly_min, vacancy.salary_yearly_max) == (
        Decimal(12480),
        Decimal(15600),
    )
    assert vacancy.expire_at == vacancy.closes_at + timedelta(days=30)


def test_staff_set_how_long_closed_vacancies_stay_and_every_vacancy_follows(jobs):
    closed = VacancyFactory(parent=jobs, closes_at=in_days(-3))
    settings = JobsSettings.for_site(Site.objects.get(is_default_site=True))
    settings.closed_vacancy_days = 2
    settings.save()
    closed.refresh_from_db()
    assert closed.expire_at == closed.closes_at + timedelta(days=2)

    call_command("publish_scheduled")
    closed.refresh_from_db()
    assert closed.live is False and closed.expired is True


def test_a_closed_vacancy_stays_online_until_its_days_are_up(jobs, client):
    closed = VacancyFactory(parent=jobs, closes_at=in_days(-29))
    call_command("publish_scheduled")
    response = client.get(closed.url)
    assert response.status_code == 200
    assert "This vacancy closed" in response.text


def test_withdrawing_closes_at_once_and_an_older_edit_cannot_reopen_it(jobs):
    vacancy = VacancyFactory(parent=jobs, closes_at=in_days(10))
    draft = vacancy.get_latest_revision_as_object()
    draft.title = "Edited before it was withdrawn"
    revision = draft.save_revision()
    now = timezone.now()

    Vacancy.objects.get(pk=vacancy.pk).end(Ending.WITHDRAWN, user=None, now=now)
    live = Vacancy.objects.get(pk=vacancy.pk)
    assert (live.ended, live.closes_at, live.is_open()) == ("withdrawn", now, False)
    assert not Vacancy.objects.on_board().filter(pk=vacancy.pk).exists()

    # The moderator approves it later, from the database.
    Revision.objects.get(pk=revision.pk).publish()
    published = Vacancy.objects.get(pk=vacancy.pk)
    assert published.title == "Edited before it was withdrawn"
    assert (published.ended, published.closes_at) == ("withdrawn", now)


def test_plain_words(jobs):
    southwark = BoroughFactory(name="Southwark", slug="southwark")
    vacancy = VacancyFactory.build(
        location=Location.BOROUGH,
        borough=southwark,
        place="Peckham",
        working_pattern=WorkingPattern.HYBRID,
        hours_per_week=Decimal(35),
        contract_type=ContractType.FIXED_TERM,
        contract_months=12,
        salary_min=Decimal(32000),
        salary_max=Decimal(34000),
        salary_period=SalaryPeriod.YEAR,
        salary_note="",
        positions=2,
    )
    assert vacancy.salary_text() == "£32,000 to £34,000 a year"
    assert vacancy.hours_text() == "35 hours a week, fixed term (1 year)"
    assert vacancy.location_text() == "Peckham, Southwark (hybrid)"
    assert wording.full_or_part_time(vacancy) == "Full time"
    assert wording.positions(vacancy) == "2 posts"

    vacancy.hours_per_week, vacancy.contract_months = Decimal("17.5"), 18
    vacancy.salary_max, vacancy.salary_note = None, "pro rata"
    assert vacancy.hours_text() == "17.5 hours a week, fixed term (18 months)"
    assert vacancy.salary_text() == "From £32,000 a year, pro rata"
    assert wording.full_or_part_time(vacancy) == "Part time"

    vacancy.unpaid, vacancy.salary_note = True, ""
    vacancy.location, vacancy.working_pattern = Location.REMOTE, WorkingPattern.REMOTE
    assert vacancy.salary_text() == "Unpaid: volunteer expenses only"
    assert vacancy.location_text() == "Remote, from anywhere in the UK"

    vacancy.salary_min, vacancy.salary_period, vacancy.unpaid = Decimal("14.5"), "hour", False
    assert vacancy.salary_text() == "From £14.50 an hour"


def test_the_feed_address_is_not_a_vacancy_slug(jobs):
    assert "feed" in errors_of(VacancyFactory.build(slug="feed"))["slug"][0]
