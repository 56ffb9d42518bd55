from functools import partial

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import DraftStateMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from hub import sections
from hub.pages import IndexPage, lazy_page
from members.filters import DirectoryFilterForm
from members.sections import ORGANISATION_PROFILE_SECTIONS
from members.validators import (
    normalise_registration_number,
    validate_charity_number,
    validate_company_number,
)

DIRECTORY_PAGE_SIZE = 20

CONTACT_EMAIL_HELP = (
    "The organisation's shared address, such as info@…, never a person's own address: it is "
    "shown publicly."
)


class Borough(models.Model):
    """An area an organisation serves: a London borough, the City, London-wide or national.

    The list is fixed and loaded by a data migration; it is not edited in the admin."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    LONDON_WIDE = "london-wide"
    NATIONAL = "national"

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class EqualityArea(models.Model):
    """A community or equality area organisations work with: a staff-edited vocabulary."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = "equality area"

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def listed(self):
        """What the public sees: published and with an active membership."""
        return self.filter(live=True, status=Organisation.Status.ACTIVE)


class Organisation(WorkflowMixin, DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """A member organisation. Edits are kept as revisions; edits that members make go through a
    workflow and show publicly only once staff publish them."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        LAPSED = "lapsed", "Lapsed"

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the profile's web address."
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logo_alt_text = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Describe the logo only if it says more than the organisation's name. Leave blank "
            "when it just shows the name: it is then treated as decorative."
        ),
    )
    short_description = models.CharField(
        max_length=280, help_text="One or two sentences shown in the directory."
    )
    description = models.TextField(
        blank=True,
        help_text="The full description on the profile page. Blank lines start a new paragraph.",
    )
    website = models.URLField(blank=True)
    contact_email = models.EmailField(
        "public contact email", blank=True, help_text=CONTACT_EMAIL_HELP
    )
    charity_number = models.CharField(
        max_length=12,
        blank=True,
        validators=[validate_charity_number],
        help_text="Optional. For example 1234567, SC012345 or NIC100001.",
    )
    company_number = models.CharField(
        max_length=8,
        blank=True,
        validators=[validate_company_number],
        help_text="Optional. For example 01234567 or SC123456.",
    )
    boroughs = ParentalManyToManyField(
        Borough, blank=True, related_name="organisations", verbose_name="areas served"
    )
    equality_areas = ParentalManyToManyField(
        EqualityArea,
        blank=True,
        related_name="organisations",
        verbose_name="communities and equality areas",
    )
    user_led = models.BooleanField(
        "user-led", default=False, help_text="Led by and for the communities it serves."
    )
    status = models.CharField(
        "membership status", max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    joined_on = models.DateField("date joined", default=timezone.localdate)

    objects = OrganisationQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("status"), FieldPanel("joined_on")],
            heading="Membership",
        ),
        MultiFieldPanel(
            [
                FieldPanel("short_description"),
                FieldPanel("description"),
                FieldPanel("logo"),
                FieldPanel("logo_alt_text"),
            ],
            heading="Profile",
        ),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("contact_email"),
                FieldPanel("charity_number"),
                FieldPanel("company_number"),
            ],
            heading="Contact and registration",
        ),
        MultiFieldPanel(
            [FieldPanel("boroughs"), FieldPanel("equality_areas"), FieldPanel("user_led")],
            heading="Who it works with",
        ),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("short_description"),
        index.SearchField("description"),
        index.RelatedFields("boroughs", [index.SearchField("name")]),
        index.RelatedFields("equality_areas", [index.SearchField("name")]),
        index.FilterField("live"),
        index.FilterField("status"),
        index.FilterField("user_led"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.charity_number = normalise_registration_number(self.charity_number)
        self.company_number = normalise_registration_number(self.company_number)

    @property
    def is_listed(self):
        """The instance-level twin of `Organisation.objects.listed()`."""
        return self.live and self.status == Organisation.Status.ACTIVE

    def public_url(self):
        """The profile's address when the directory lists this organisation, else None."""
        return self.get_absolute_url() if self.is_listed else None

    def get_absolute_url(self):
        """The public profile, under the live member directory page (None if there is none)."""
        directory = MemberDirectoryPage.objects.live().first()
        if directory is None:
            return None
        return directory.url + directory.reverse_subpage("organisation", args=[self.slug])


class Membership(models.Model):
    """A person's place in a member organisation."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Organisation admin"
        CONTRIBUTOR = "contributor", "Contributor"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.CONTRIBUTOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        ordering = ["organisation__name", "user__email"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    @property
    def is_admin(self):
        return self.role == self.Role.ADMIN


class Invitation(models.Model):
    """An emailed invitation to join an organisation's account. The emailed link carries a signed,
    expiring token for this row; the row makes the link single-use and revocable."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(
        max_length=12, choices=Membership.Role.choices, default=Membership.Role.CONTRIBUTOR
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_pending(self):
        return self.accepted_at is None and self.revoked_at is None


class MembershipApplication(models.Model):
    """A request to join the network from the public form, reviewed by staff.

    The contact person's name and email are personal data: they are kept here only, to reply to
    the application and to send the account invitation, and never shown publicly."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    name = models.CharField("organisation name", max_length=200)
    website = models.URLField(blank=True)
    public_email = models.EmailField(
        "public contact email", blank=True, help_text=CONTACT_EMAIL_HELP
    )
    charity_number = models.CharField(
        max_length=12, blank=True, validators=[validate_charity_number]
    )
    company_number = models.CharField(
        max_length=8, blank=True, validators=[validate_company_number]
    )
    boroughs = models.ManyToManyField(Borough, blank=True, verbose_name="areas served")
    equality_areas = models.ManyToManyField(
        EqualityArea, blank=True, verbose_name="communities and equality areas"
    )
    user_led = models.BooleanField("user-led", default=False)
    short_description = models.CharField(max_length=280)

    contact_name = models.CharField("contact person's name", max_length=200)
    contact_email = models.EmailField("contact person's email")

    # The exact words the applicant agreed to, as shown on the form, and when.
    values_agreement = models.TextField()
    privacy_agreement = models.TextField()
    agreed_at = models.DateTimeField()

    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        help_text="The organisation created when the application was approved.",
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "membership application"
        constraints = [
            # The join form sent twice makes one application (JoinForm.save), even when both
            # arrive at once.
            models.UniqueConstraint(
                Lower("name"),
                Lower("contact_email"),
                condition=models.Q(status="pending"),
                name="one_pending_application_per_contact",
            )
        ]

    def __str__(self):
        return self.name


class MemberDirectoryPage(RoutablePageMixin, IndexPage):
    """The public directory of member organisations, with a profile page for each one."""

    template = "pages/members/member_directory_page.html"

    class Meta:
        verbose_name = "member directory"

    def get_sitemap_urls(self, request=None):
        """The directory, then each listed organisation's profile."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = urls[0]["location"]
        return urls + [
            {
                "location": base + self.reverse_subpage("organisation", args=[slug]),
                "lastmod": published,
            }
            for slug, published in Organisation.objects.listed().values_list(
                "slug", "last_published_at"
            )
        ]

    @path("")
    def directory(self, request):
        form = DirectoryFilterForm(
            request.GET or None, boroughs=Borough.objects.all(), areas=EqualityArea.objects.all()
        )
        organisations = form.filter(Organisation.objects.listed()).prefetch_related(
            "boroughs", "equality_areas"
        )
        page_obj = lazy_page(organisations, DIRECTORY_PAGE_SIZE, request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "page_obj": page_obj,
                "is_filtered": form.is_bound and any(form.data.get(name) for name in form.fields),
            },
        )

    @path("<slug:slug>/", name="organisation")
    def organisation(self, request, slug):
        """An organisation's profile, with the sections other apps contribute (its bulletin
        posts, its vacancies) gathered through the ORGANISATION_PROFILE_SECTIONS hook."""
        organisation = get_object_or_404(
            Organisation.objects.listed()
            .select_related("logo")
            .prefetch_related("boroughs", "equality_areas"),
            slug=slug,
        )
        return self.render(
            request,
            template="pages/members/organisation_profile.html",
            context_overrides={
                "organisation": organisation,
                # Gathered only when the template's content cache has no copy.
                "sections": partial(
                    sections.gather, ORGANISATION_PROFILE_SECTIONS, organisation, request
                ),
            },
        )
