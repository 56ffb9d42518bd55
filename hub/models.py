import datetime
from functools import partial

from django.db import models
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from hub import sections
from hub.blocks import BodyBlock
from hub.generation import remember
from hub.pages import ShareCardFields


class HomePage(Page):
    """The site root: introduces the network and gathers what is new across the apps."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "pages/hub/home_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Gathered only when the template's content cache has no copy.
        context["sections"] = partial(sections.home_sections, self, request, timezone.now())
        return context


class StandardPage(ShareCardFields, Page):
    """About, membership, contact and other pages of free-form content."""

    share_summary_field = "intro"

    intro = models.TextField(blank=True, help_text="One or two sentences shown under the title.")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        *ShareCardFields.share_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    template = "pages/hub/standard_page.html"


class SocialLinkValue(blocks.StructValue):
    def display_label(self):
        if self.get("label"):
            return self["label"]
        return dict(SocialLinkBlock.SERVICES).get(self["service"], self["service"])


class SocialLinkBlock(blocks.StructBlock):
    SERVICES = [
        ("bluesky", "Bluesky"),
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("linkedin", "LinkedIn"),
        ("mastodon", "Mastodon"),
        ("x", "X (Twitter)"),
        ("youtube", "YouTube"),
        ("other", "Other"),
    ]

    service = blocks.ChoiceBlock(choices=SERVICES)
    url = blocks.URLBlock()
    label = blocks.CharBlock(required=False, help_text="Only needed for “Other”.")

    class Meta:
        icon = "link-external"
        value_class = SocialLinkValue


class RememberedSiteSetting(BaseSiteSetting):
    """A site setting read from the cache, not the database, on most requests: every page
    shows some. Saving any setting retires the copy (hub.generation)."""

    class Meta:
        abstract = True

    @classmethod
    def for_site(cls, site):
        if site is None:
            return super().for_site(site)
        return remember(
            f"settings:{cls._meta.label_lower}:{site.pk}",
            lambda: super(RememberedSiteSetting, cls).for_site(site),
        )


@register_setting(icon="cog")
class NetworkSettings(RememberedSiteSetting):
    """Site-wide facts about the network, edited under Settings in the admin."""

    network_name = models.CharField(max_length=120, default="Network Hub")
    tagline = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="The network's shared address, never a person's."
    )
    phone = models.CharField(
        "phone number", max_length=30, blank=True, help_text="Shown on the contact page."
    )
    text_number = models.CharField(
        "number for text messages (SMS)",
        max_length=30,
        blank=True,
        help_text="For people who cannot use the phone. Shown on the contact page.",
    )
    bsl_relay_url = models.URLField(
        "BSL video relay link",
        blank=True,
        help_text="A video relay service (such as SignVideo) that connects BSL users to you.",
    )
    footer_text = RichTextField(features=["bold", "italic", "link"], blank=True)
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)
    default_closing_time = models.TimeField(
        default=datetime.time(17, 0),
        help_text="The time a deadline closes when an editor gives only its date (London time).",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="privacy notice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from every form that collects personal data.",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="accessibility statement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from the footer and the sitemap.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("network_name"), FieldPanel("tagline"), FieldPanel("contact_email")],
            heading="The network",
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("text_number"), FieldPanel("bsl_relay_url")],
            heading="Other ways to reach the network",
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("accessibility_page")],
            heading="Trust pages",
        ),
        FieldPanel("default_closing_time"),
        FieldPanel("footer_text"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = "network settings"


class ContactMessage(models.Model):
    """A message sent through the contact form. Staff read it in the admin and delete it once
    dealt with; `CONTACT_MESSAGE_RETENTION` says how long it may be kept at most."""

    REPLY_BY = [("email", "Email"), ("phone", "Phone call"), ("text", "Text message (SMS)")]

    name = models.CharField(max_length=120)
    email = models.EmailField()
    phone = models.CharField("phone number", max_length=30, blank=True)
    message = models.TextField()
    reply_by = models.CharField("reply by", max_length=10, choices=REPLY_BY, default="email")
    created_at = models.DateTimeField("sent", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "contact message"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.created_at:%d %b %Y})"


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Not sent yet, and its time to try has come."""
        return self.filter(sent_at__isnull=True, next_attempt_at__lte=now or timezone.now())


class OutgoingEmail(models.Model):
    """An email the site has promised to send, stored in the same transaction as the change it
    tells about. The task worker or `manage.py send_queued_email` sends it; it is marked sent
    only once the mail server has accepted it. `key` names the event, so the same notification
    is never stored, and so never sent, twice."""

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.TextField()
    text = models.TextField()
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # While a send is under way this is its lease: if the sender dies, another retries then.
    # Empty once sent, or when the retries have run out.
    next_attempt_at = models.DateTimeField("next attempt", null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "outgoing email"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outgoing_email_due",
            )
        ]

    def __str__(self):
        return self.subject

    def status(self):
        if self.sent_at:
            return "Sent"
        if self.next_attempt_at is None:
            return "Failed: no more retries"
        return "Failed: will retry" if self.last_error else "Waiting"
