"""The jobs board: vacancies at member organisations, published by staff.

A vacancy is open until `closes_at`; listings and counts show open vacancies only, while a
closed vacancy's page stays up and says that applications are no longer accepted.
"""

from django.core.paginator import Paginator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from hub.blocks import BodyBlock
from hub.closing import ClosingDateMixin, ClosingDateQuerySet
from hub.pages import IndexPage, ShareCardFields

VACANCIES_PER_PAGE = 20

VacancyManager = PageManager.from_queryset(ClosingDateQuerySet)


class JobsIndexPage(IndexPage):
    """The jobs board: open vacancies at member organisations, closing soonest first."""

    subpage_types = ["jobs.Vacancy"]
    template = "pages/jobs/jobs_index_page.html"

    def open_vacancies(self):
        return (
            Vacancy.objects.child_of(self)
            .live()
            .public()
            .open()
            .select_related("organisation")
            .closing_soonest_first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_obj = Paginator(self.open_vacancies(), VACANCIES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["vacancies"] = page_obj
        context["page_obj"] = page_obj
        return context

    class Meta:
        verbose_name = "jobs board"


class Vacancy(ClosingDateMixin, ShareCardFields, Page):
    """A job at a member organisation (or elsewhere in the sector), open until it closes."""

    organisation = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vacancies",
        help_text="The member organisation that is hiring, if any.",
    )
    summary = models.TextField(
        max_length=300, help_text="One or two sentences for the jobs board listing."
    )
    body = StreamField(BodyBlock(), blank=True)
    location = models.CharField(
        max_length=120, help_text="Where the work is, for example “Peckham, London” or “Remote”."
    )
    salary = models.CharField(
        max_length=120, help_text="As the employer puts it, for example “£14.50 an hour”."
    )
    hours = models.CharField(
        max_length=120,
        help_text="Hours and contract, for example “14 hours a week, 6-month fixed term”.",
    )
    closes_at = models.DateTimeField(
        "closing date", db_index=True, help_text="London time. The vacancy leaves the board then."
    )
    apply_url = models.URLField(
        "application link",
        blank=True,
        help_text="Where to apply. Without it, say how to apply in the body.",
    )

    objects = VacancyManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("organisation"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("location"),
                FieldPanel("salary"),
                FieldPanel("hours"),
                FieldPanel("closes_at"),
                FieldPanel("apply_url"),
            ],
            heading="The job",
        ),
        FieldPanel("body"),
        *ShareCardFields.share_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("location"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
    ]

    parent_page_types = ["jobs.JobsIndexPage"]
    subpage_types = []
    template = "pages/jobs/vacancy.html"

    def organisation_url(self):
        return self.organisation.public_url() if self.organisation else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisation_url"] = self.organisation_url()
        return context

    class Meta:
        verbose_name = "vacancy"
        verbose_name_plural = "vacancies"
