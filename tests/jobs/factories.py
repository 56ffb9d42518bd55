"""Factories for the jobs board. Vacancies are live and close in 30 days unless told otherwise."""

import factory
import wagtail_factories

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
    location = "Peckham, London"
    salary = "£14.50 an hour"
    hours = "14 hours a week, 6-month fixed term"
    closes_at = factory.LazyFunction(lambda: in_days(30))
    apply_url = factory.LazyAttribute(lambda vacancy: f"https://example.org/apply/{vacancy.slug}")

    class Meta:
        model = Vacancy


def make_jobs_board():
    """A site with a live jobs board under its home page."""
    return JobsIndexPageFactory(parent=make_site())
