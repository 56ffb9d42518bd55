"""Factories for the jobs board. Vacancies are live, close in 30 days, and are a 14-hour
fixed-term job at £14.50 an hour in Peckham with a non-member employer, unless told otherwise."""

from decimal import Decimal
from unittest import mock

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection

from jobs.choices import ContractType, DocumentKind, Location, SalaryPeriod, WorkingPattern
from jobs.models import JobsIndexPage, Vacancy, VacancyDocument
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
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyAttribute(lambda vacancy: vacancy.first_published_at)

    class Meta:
        model = Vacancy
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(vacancy, create, extracted, **kwargs):
        if extracted:
            vacancy.tags.add(*extracted)
            if create:
                vacancy.save()


def at(moment):
    """Every clock the site reads (views, querysets, wording) stopped at `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def make_jobs_board():
    """A site with a live jobs board under its home page."""
    return JobsIndexPageFactory(parent=make_site())


def add_document(
    vacancy,
    kind=DocumentKind.JOB_DESCRIPTION,
    *,
    title="Job description",
    filename="job-description.pdf",
    size=120 * 1024,
):
    """A document of `size` bytes in the vacancy's application pack (MEDIA_ROOT must be a
    temporary folder)."""
    # Transactional (browser) tests flush the root collection Wagtail's migrations made.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    document = get_document_model().objects.create(
        title=title, file=ContentFile(b"x" * size, name=filename), collection=collection
    )
    # Last in the pack, as the editor would put it: without a sort order the order is the
    # database's whim.
    position = VacancyDocument.objects.filter(vacancy=vacancy).count()
    return VacancyDocument.objects.create(
        vacancy=vacancy, document=document, kind=kind, sort_order=position
    )
