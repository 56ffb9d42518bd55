"""Factories for the jobs board. Vacancies are live, close in 30 days, and are a 14-hour
fixed-term job at £14.50 an hour in Peckham with a non-member employer, unless told otherwise."""

from decimal import Decimal

import factory
import wagtail_factories

from jobs.choices import ContractType, Location, SalaryPeriod, WorkingPattern
from jobs.models import JobsIndexPage, Vacancy
from tests.bulletin.factories import in_days
from tests.factories import make_site


class JobsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Jobs board"
    slug = "jobs"
    intro = "<p>Vacancies at member organisations.</p>"

    class Meta:
        model = JobsIndexPage


class VacancyFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Vacancy {n}")
    slug = factory.Sequence(lambda n: f"vacancy-{n}")
    summary = factory.LazyAttribute(lambda vacancy: f"What the {vacancy.title} job involves.")
    employer_name = "Peckham Community Kitchen"
    location = Location.LONDON_WIDE
    place = "Peckham"
    working_pattern = WorkingPattern.ON_SITE
    hours_per_week = Decimal(14)
    contract_type = ContractType.FIXED_TERM
    contract_months = 6
    salary_min = Decimal("14.50")
    salary_period = SalaryPeriod.HOUR
    closes_at = factory.LazyFunction(lambda: in_days(30))
    apply_url = factory.LazyAttribute(lambda vacancy: f"https://example.org/apply/{vacancy.slug}")
    description = factory.LazyAttribute(lambda vacancy: f"<p>About the {vacancy.title} job.</p>")

    class Meta:
        model = Vacancy


def make_jobs_board():
    """A site with a live jobs board under its home page."""
    return JobsIndexPageFactory(parent=make_site())
