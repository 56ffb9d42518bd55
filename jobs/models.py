"""The jobs board: vacancies at member organisations, posted by their staff or by the network's.

A vacancy is open until `closes_at`; the board, its feed and the counts show open vacancies only,
while a closed vacancy's page stays up, saying it has closed, until Wagtail unpublishes it
(`expire_at`, set from the jobs settings, and `publish_scheduled`).
"""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from hub import deadlines
from hub.admin_fields import DeadlinePanel
from hub.closing import ClosingDateMixin, ClosingDateQuerySet
from hub.email import default_site_setting
from hub.generation import remember
from hub.models import RememberedSiteSetting
from hub.pages import IndexPage, ShareCardFields, lazy_page
from jobs import wording
from jobs.choices import (
    FULL_TIME_HOURS,
    MAX_HOURS,
    MIN_HOURS,
    ContractType,
    DocumentKind,
    Ending,
    Location,
    SalaryPeriod,
    WorkingPattern,
)
from jobs.feeds import VacancyFeed
from jobs.filters import VacancyFilterForm
from jobs.structured_data import job_posting, json_ld_script
from members.models import Borough, Organisation

VACANCIES_PER_PAGE = 20
#: The board's feed lives at this address under it, so no vacancy may take it as its slug.
FEED_ROUTE = "feed"
DESCRIPTION_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class VacancyQuerySet(ClosingDateQuerySet):
    def on_board(self, now=None):
        """What job seekers see: live, public and open."""
        return self.live().public().open(now)


VacancyManager = PageManager.from_queryset(VacancyQuerySet)


def with_filters(url, form):
    """`url` carrying the form's valid filters, without the order: what the board shows."""
    query = form.filter_query()
    return f"{url}?{urlencode(query)}" if query else url


class JobsIndexPage(RoutablePageMixin, IndexPage):
    """The jobs board: open vacancies at member organisations, closing soonest first, with
    filters in the query string and an RSS feed of what is open."""

    subpage_types = ["jobs.Vacancy"]
    template = "pages/jobs/jobs_index_page.html"

    def open_vacancies(self, now=None):
        return (
            Vacancy.objects.child_of(self)
            .on_board(now)
            .select_related("organisation", "borough")
            .closing_soonest_first()
        )

    def filter_form(self, request, now=None):
        """The board's filters, offering the boroughs and the organisations with open
        vacancies here: one query each; the organisations are kept until a vacancy is
        published or closes (hub.generation.remember)."""
        boroughs = Borough.objects.exclude(slug__in=[Borough.LONDON_WIDE, Borough.NATIONAL])
        hiring = Vacancy.objects.child_of(self).on_board(now).values("organisation_id")
        organisations = remember(
            f"jobs:hiring:{self.pk}",
            lambda: list(
                Organisation.objects.filter(pk__in=hiring).only("slug", "name").order_by("name")
            ),
            until_deadline=True,
            now=now,
        )
        return VacancyFilterForm(request.GET, boroughs=boroughs, organisations=organisations)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        form = self.filter_form(request, now)
        vacancies = form.apply(self.open_vacancies(now))
        page_obj = lazy_page(vacancies, VACANCIES_PER_PAGE, request.GET.get("page"))
        context.update(
            filter_form=form,
            vacancies=page_obj,
            page_obj=page_obj,
            feed_url=with_filters(self.url + self.reverse_subpage("feed"), form),
        )
        return context

    @path(f"{FEED_ROUTE}/", name="feed")
    def feed(self, request):
        """RSS of the open vacancies, newest first; the board's filters apply to it too."""
        now = timezone.now()
        form = self.filter_form(request, now)
        vacancies = (
            form.apply(self.open_vacancies(now))
            .newest_first()
            .prefetch_related("tagged_vacancies__tag")
        )
        link = with_filters(request.build_absolute_uri(self.url), form)
        return VacancyFeed(self, vacancies, scope=form.description(), link=link)(request)

    class Meta:
        verbose_name = "jobs board"


@register_setting(icon="cog")
class JobsSettings(RememberedSiteSetting):
    """How the jobs board treats vacancies once they close."""

    closed_vacancy_days = models.PositiveSmallIntegerField(
        "days a closed vacancy stays online",
        default=30,
        validators=[MaxValueValidator(3650)],
        help_text="After its closing date a vacancy's page says it has closed; this many days "
        "later it is unpublished. Changing this applies to every vacancy at once.",
    )

    panels = [FieldPanel("closed_vacancy_days")]

    class Meta:
        verbose_name = "jobs settings"


class VacancyTag(TaggedItemBase):
    content_object = ParentalKey(
        "jobs.Vacancy", on_delete=models.CASCADE, related_name="tagged_vacancies"
    )


def yearly_equivalent(amount, period, hours_per_week):
    """What `amount` a `period` comes to in a year at the hours advertised (a 7-hour day)."""
    if amount is None:
        return None
    hours = hours_per_week or FULL_TIME_HOURS
    per_year = {
        SalaryPeriod.YEAR: Decimal(1),
        SalaryPeriod.MONTH: Decimal(12),
        SalaryPeriod.DAY: hours / 7 * 52,
        SalaryPeriod.HOUR: hours * 52,
    }[period]
    return (amount * per_year).quantize(Decimal(1))


class Vacancy(ClosingDateMixin, ShareCardFields, Page):
    """A job at a member organisation (or, posted by staff, elsewhere in the sector)."""

    closing_soon = timedelta(days=3)

    organisation = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vacancies",
        help_text="The member organisation that is hiring.",
    )
    employer_name = models.CharField(
        "employer, if not a member",
        max_length=200,
        blank=True,
        help_text="The hiring organisation's name when it is not a member of the network.",
    )
    summary = models.TextField(
        max_length=300, help_text="One or two sentences for the jobs board listing."
    )

    location = models.CharField(max_length=16, choices=Location.choices, default="")
    borough = models.ForeignKey(
        "members.Borough",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Which borough, when the job is in one.",
    )
    place = models.CharField(
        "place or address",
        max_length=200,
        blank=True,
        help_text="Where exactly, for example “Peckham” or “12 Rye Lane, Peckham”.",
    )
    postcode = models.CharField(max_length=10, blank=True)
    working_pattern = models.CharField(
        max_length=8, choices=WorkingPattern.choices, default=WorkingPattern.ON_SITE
    )

    hours_per_week = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        validators=[MinValueValidator(MIN_HOURS), MaxValueValidator(MAX_HOURS)],
        help_text=f"Full time is {FULL_TIME_HOURS} hours or more.",
    )
    contract_type = models.CharField(
        max_length=12, choices=ContractType.choices, default=ContractType.PERMANENT
    )
    contract_months = models.PositiveSmallIntegerField(
        "length of the contract in months",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="For a fixed-term contract.",
    )
    positions = models.PositiveSmallIntegerField(
        "number of posts", default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    unpaid = models.BooleanField(
        "unpaid (volunteer expenses only)",
        default=False,
        help_text="A voluntary role: no salary, expenses only.",
    )
    salary_min = models.DecimalField(
        "salary from (£)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    salary_max = models.DecimalField(
        "salary up to (£)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    salary_period = models.CharField(
        "salary per", max_length=5, choices=SalaryPeriod.choices, default=SalaryPeriod.YEAR
    )
    salary_note = models.CharField(
        max_length=120, blank=True, help_text="For example “pro rata” or “depending on experience”."
    )
    benefits = models.TextField(
        blank=True, help_text="For example “8% pension contribution, 25 days annual leave”."
    )
    # The salary a year at the hours advertised, kept for the salary-band filter.
    salary_yearly_min = models.DecimalField(
        max_digits=10, decimal_places=0, null=True, editable=False
    )
    salary_yearly_max = models.DecimalField(
        max_digits=10, decimal_places=0, null=True, editable=False
    )

    closes_at = models.DateTimeField(
        "closing date",
        db_index=True,
        help_text="London time. The vacancy leaves the board at that minute.",
    )
    interviews_on = models.DateField("interview date", null=True, blank=True)
    interviews_until = models.DateField(
        "last interview date", null=True, blank=True, help_text="When interviews span days."
    )

    apply_url = models.URLField("application link", blank=True)
    apply_email = models.EmailField(
        "application email",
        blank=True,
        help_text="A shared address such as jobs@…: it is shown publicly.",
    )

    description = RichTextField(features=DESCRIPTION_FEATURES, default="")
    equality_statement = models.TextField(
        "equality and access statement",
        blank=True,
        help_text="Who you welcome applications from, and the adjustments you offer.",
    )
    tags = ClusterTaggableManager(through=VacancyTag, blank=True)

    ended = models.CharField(max_length=10, choices=Ending.choices, blank=True, editable=False)
    ended_at = models.DateTimeField(null=True, editable=False)
    closing_reminder_sent_at = models.DateTimeField(null=True, editable=False)

    objects = VacancyManager()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("employer_name")], heading="Who is hiring"
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("location"), FieldPanel("borough")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("postcode")]),
                FieldPanel("working_pattern"),
            ],
            heading="Where",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("hours_per_week"), FieldPanel("positions")]),
                FieldRowPanel([FieldPanel("contract_type"), FieldPanel("contract_months")]),
            ],
            heading="Hours and contract",
        ),
        MultiFieldPanel(
            [
                FieldPanel("unpaid"),
                FieldRowPanel(
                    [
                        FieldPanel("salary_min"),
                        FieldPanel("salary_max"),
                        FieldPanel("salary_period"),
                    ]
                ),
                FieldPanel("salary_note"),
                FieldPanel("benefits"),
            ],
            heading="Pay",
        ),
        MultiFieldPanel(
            [
                DeadlinePanel("closes_at"),
                FieldRowPanel([FieldPanel("interviews_on"), FieldPanel("interviews_until")]),
            ],
            heading="Dates",
        ),
        MultiFieldPanel(
            [
                FieldPanel("apply_url"),
                FieldPanel("apply_email"),
                InlinePanel("application_pack", label="Application pack document"),
            ],
            heading="How to apply",
        ),
        FieldPanel("description"),
        FieldPanel("equality_statement"),
        FieldPanel("tags"),
        *ShareCardFields.share_panels,
    ]
    # The page's expiry follows the closing date and the jobs settings, so it is not edited.
    settings_panels = [FieldPanel("go_live_at")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("place"),
        index.SearchField("employer_name"),
        index.FilterField("closes_at"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields("borough", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["jobs.JobsIndexPage"]
    subpage_types = []
    template = "pages/jobs/vacancy.html"

    class Meta:
        verbose_name = "vacancy"
        verbose_name_plural = "vacancies"
        indexes = [
            models.Index(fields=["location", "borough"]),
            models.Index(fields=["contract_type"]),
            models.Index(fields=["working_pattern"]),
            models.Index(fields=["hours_per_week"]),
            models.Index(fields=["salary_yearly_min", "salary_yearly_max"]),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.slug == FEED_ROUTE:
            errors["slug"] = "“feed” is the address of the jobs board's feed: choose another."
        if not self.organisation_id and not self.employer_name.strip():
            errors["organisation"] = "Choose the member organisation that is hiring, or give "
            errors["organisation"] += "the employer's name below."
        if self.location == Location.BOROUGH and not self.borough_id:
            errors["borough"] = "Choose the borough the job is in."
        if self.contract_type == ContractType.FIXED_TERM and not self.contract_months:
            errors["contract_months"] = "Say how long the fixed-term contract lasts, in months."
        if self.hours_per_week is None:
            errors["hours_per_week"] = "Give the hours a week (a number, such as 35 or 14)."
        if not self.unpaid and self.salary_min is None and self.salary_max is None:
            errors["salary_min"] = (
                "Give the salary (from, up to or both), or tick “unpaid” for a voluntary role."
            )
        if (
            self.salary_min is not None
            and self.salary_max is not None
            and self.salary_min > self.salary_max
        ):
            errors["salary_max"] = "The top of the salary range is below its start."
        if (
            self.interviews_on
            and self.interviews_until
            and self.interviews_until < self.interviews_on
        ):
            errors["interviews_until"] = "The last interview date is before the first."
        if not (self.apply_url or self.apply_email):
            errors["apply_url"] = (
                "Say how to apply: give an application link, an email address or both."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # On every save, since Wagtail skips most validation for drafts.
        self.derive_fields()
        return super().save(*args, **kwargs)

    def derive_fields(self):
        """Fields that follow from others: the yearly pay the salary filter reads, and when a
        closed vacancy is unpublished."""
        if self.unpaid:
            self.salary_min = self.salary_max = None
        low = self.salary_min if self.salary_min is not None else self.salary_max
        high = self.salary_max if self.salary_max is not None else self.salary_min
        self.salary_yearly_min = yearly_equivalent(low, self.salary_period, self.hours_per_week)
        self.salary_yearly_max = yearly_equivalent(high, self.salary_period, self.hours_per_week)
        if self.contract_type != ContractType.FIXED_TERM:
            self.contract_months = None
        if self.location != Location.BOROUGH:
            self.borough = None
        if self.closes_at is not None:
            if self.ended_at and self.ended_at < self.closes_at:
                self.closes_at = self.ended_at
            self.expire_at = self.closes_at + timedelta(days=closed_vacancy_days())

    def with_content_json(self, content):
        """A revision carries what the editor wrote; whether the vacancy was withdrawn or filled,
        and the reminder sent, stay as they are on the live page, so approving an edit made
        earlier cannot reopen a vacancy that has ended."""
        vacancy = super().with_content_json(content)
        vacancy.ended = self.ended
        vacancy.ended_at = self.ended_at
        vacancy.closing_reminder_sent_at = self.closing_reminder_sent_at
        if vacancy.ended_at and vacancy.closes_at and vacancy.ended_at < vacancy.closes_at:
            vacancy.closes_at = vacancy.ended_at
        return vacancy

    # Plain words

    @property
    def employer(self):
        return self.organisation.name if self.organisation_id else self.employer_name

    def organisation_url(self):
        return self.organisation.public_url() if self.organisation else None

    @property
    def is_full_time(self):
        return self.hours_per_week is not None and self.hours_per_week >= FULL_TIME_HOURS

    def salary_text(self):
        return wording.salary(self)

    def hours_text(self):
        return wording.hours_and_contract(self)

    def location_text(self):
        return wording.location(self)

    def interviews_text(self):
        return wording.interviews(self)

    def interview_days_text(self):
        return wording.interview_days(self)

    def full_or_part_time_text(self):
        return wording.full_or_part_time(self)

    def hours_in_full_text(self):
        return wording.hours_in_full(self)

    def hours_a_week_text(self):
        return wording.hours_a_week(self)

    def contract_text(self):
        return wording.contract(self)

    def positions_text(self):
        return wording.positions(self)

    def where_text(self):
        return wording.where(self)

    def working_pattern_text(self):
        return wording.working_pattern(self)

    def closed_notice_text(self):
        return wording.closed_notice(self)

    def is_closing_soon(self, now=None):
        return self.deadline_status(now) == deadlines.CLOSING_SOON_STATUS

    @cached_property
    def tag_list(self):
        # Reads tags prefetched with `tagged_vacancies__tag` rather than querying per vacancy.
        return [item.tag for item in self.tagged_vacancies.all()]

    def application_pack_links(self):
        """[(url, "Job description (PDF, 120 KB)")] for each document of the pack."""
        return [
            (item.document.url, wording.document_link(item, item.document.get_file_size()))
            for item in self.application_pack.select_related("document")
        ]

    def end(self, reason, user, now=None):
        """Withdrawn or filled: the vacancy closes now, on the live page at once, without
        moderation. An edit awaiting approval is withdrawn with it."""
        self.ended = reason
        self.ended_at = now or timezone.now()
        self.save(clean=False, update_fields=["ended", "ended_at", "closes_at", "expire_at"])
        if state := self.current_workflow_state:
            state.cancel(user=user)

    def get_context(self, request, *args, **kwargs):
        """One clock for the whole page, so it cannot offer an application it calls closed.
        A closed vacancy offers no way to apply and carries no JobPosting data."""
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        is_open = self.is_open(now)
        posting = job_posting(self, request, now)
        context.update(
            organisation_url=self.organisation_url(),
            is_open=is_open,
            closing_soon=self.is_closing_soon(now),
            deadline_text=self.deadline_text(now),
            application_pack=self.application_pack_links() if is_open else [],
            tags=self.tags.all(),
            job_posting_json_ld=json_ld_script(posting) if posting else "",
        )
        return context


class VacancyDocument(Orderable):
    """One document of a vacancy's application pack, downloaded (never shown inline)."""

    vacancy = ParentalKey(Vacancy, on_delete=models.CASCADE, related_name="application_pack")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(
        max_length=24, choices=DocumentKind.choices, default=DocumentKind.JOB_DESCRIPTION
    )

    panels = [FieldPanel("kind"), FieldPanel("document")]

    def __str__(self):
        return self.get_kind_display()


def closed_vacancy_days():
    setting = default_site_setting(JobsSettings)
    if setting is None:
        return JobsSettings._meta.get_field("closed_vacancy_days").default
    return setting.closed_vacancy_days


def apply_closed_vacancy_days(days):
    """Re-time every vacancy's unpublishing after the setting changes."""
    vacancies = list(Vacancy.objects.filter(closes_at__isnull=False).only("closes_at"))
    for vacancy in vacancies:
        vacancy.expire_at = vacancy.closes_at + timedelta(days=days)
    # expire_at lives on Wagtail's page table, which an UPDATE on vacancies cannot reach.
    Page.objects.bulk_update(vacancies, ["expire_at"], batch_size=500)
