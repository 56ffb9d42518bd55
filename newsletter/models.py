"""Newsletter subscribers, kept on our side first and synced to Mailchimp afterwards.

A subscriber's record is saved before anything else happens, with the exact consent wording
they saw, when, and on which page. Syncing to Mailchimp is a background task whose outcome is
recorded here, so a failure is visible to staff and retried, never shown to the visitor."""

from datetime import UTC, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import register_setting
from wagtail.models import Orderable

from hub.generation import content_changed
from hub.models import RememberedSiteSetting

DEFAULT_CONSENT_WORDING = (
    "Yes, email me the network's newsletter about the topics I have ticked. I can unsubscribe "
    "at any time with the link in every email. The network keeps my email address and name "
    "only to send the newsletter, through Mailchimp, and never shares them."
)
# Waits between sync attempts that failed for a reason that may pass (no answer, rate limited,
# Mailchimp's own error): a minute, five, half an hour, two hours, then every six hours.
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]
# A sign-up's first sync is a background task; if it has not run by this long after the
# sign-up (the worker died holding it, or the request between saving and queueing it),
# `newsletter_sync` does it, so that no sign-up waits for ever.
FIRST_SYNC_BACKSTOP = timedelta(minutes=15)
# How many items each section of a digest shows; the rest are a link away on the site. At most
# 15 a section, seven sections of items of the longest usual size stay well under the 102 KB of
# HTML at which Gmail clips an email, hiding its end and the unsubscribe link.
DEFAULT_ITEMS_PER_SECTION = 10
MAX_ITEMS_PER_SECTION = 15


class Interest(models.TextChoices):
    JOBS = "jobs", "Jobs"
    FUNDING = "funding", "Funding"
    EVENTS = "events", "Events"
    CONSULTATIONS = "consultations", "Surveys and consultations"
    NEWS = "news", "News"


class SubscriberQuerySet(models.QuerySet):
    def due_for_sync(self, now=None):
        """Records whose last sync failed for a passing reason, or whose first sync never ran,
        and whose wait is over."""
        return self.filter(
            sync_state__in=[Subscriber.SyncState.FAILED, Subscriber.SyncState.WAITING],
            next_sync_at__lte=now or timezone.now(),
        )


class Subscriber(models.Model):
    """Someone who asked for the newsletter. Personal data: shown only to staff, exported or
    erased on request from the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        SUBSCRIBED = "subscribed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        CLEANED = "cleaned", "Address bounced (cleaned)"

    class SyncState(models.TextChoices):
        WAITING = "waiting", "Waiting to sync"
        SYNCED = "synced", "Synced"
        FAILED = "failed", "Failed"
        LOCAL = "local", "Not synced: Mailchimp is not set up"

    email = models.EmailField(unique=True, help_text="Stored in lower case.")
    first_name = models.CharField(max_length=100, blank=True)
    interests = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)

    # What the person agreed to, in the words they saw, when and where.
    consent_text = models.TextField()
    consented_at = models.DateTimeField()
    consent_source = models.CharField(max_length=500, blank=True, help_text="The page's address.")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    sync_state = models.CharField(
        max_length=10, choices=SyncState.choices, default=SyncState.WAITING
    )
    synced_at = models.DateTimeField("last synced", null=True, blank=True)
    sync_error = models.TextField("last sync error", blank=True)
    sync_attempts = models.PositiveIntegerField(default=0)
    next_sync_at = models.DateTimeField("next attempt", null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sync_state", "next_sync_at"])]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def interest_labels(self):
        return [Interest(value).label for value in self.interests if value in Interest.values]

    def record_sync_success(self, now=None, state=SyncState.SYNCED):
        self.sync_state = state
        self.synced_at = now or timezone.now()
        self.sync_error = ""
        self.sync_attempts = 0
        self.next_sync_at = None

    def record_sync_failure(self, message, retry, now=None):
        """Keep the error for staff; when retrying can help, say when to try again."""
        self.sync_state = self.SyncState.FAILED
        self.sync_error = message
        self.sync_attempts += 1
        delay = RETRY_DELAYS[min(self.sync_attempts, len(RETRY_DELAYS)) - 1]
        self.next_sync_at = (now or timezone.now()) + delay if retry else None


@register_setting(icon="mail")
class NewsletterSettings(RememberedSiteSetting):
    """What the newsletter says and who it comes from, edited under Settings in the admin."""

    signup_intro = models.TextField(
        "sign-up introduction",
        blank=True,
        default="A round-up of funding, jobs, events, consultations and news from across the "
        "network, by email.",
    )
    consent_wording = models.TextField(
        default=DEFAULT_CONSENT_WORDING,
        help_text="The words beside the consent box. Each subscriber's record keeps the wording "
        "they agreed to, so changing it here does not change what earlier subscribers saw.",
    )
    from_name = models.CharField(
        max_length=100, blank=True, help_text="Who the newsletter comes from. Blank: the network."
    )
    reply_to = models.EmailField(
        blank=True, help_text="Where replies go. Blank: the network's contact email."
    )
    first_digest_days = models.PositiveSmallIntegerField(
        "first digest covers (days)",
        default=14,
        help_text="The very first digest has no earlier one to follow on from: it takes what "
        "was published in this many days before it.",
    )
    digest_items_per_section = models.PositiveSmallIntegerField(
        "items shown per section",
        default=DEFAULT_ITEMS_PER_SECTION,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ITEMS_PER_SECTION)],
        help_text="Each section of a digest shows its first items, in the digest's order, then "
        "a link to all of them on the website. A longer email is clipped by Gmail, which hides "
        "its end, the unsubscribe link with it.",
    )

    panels = [
        FieldPanel("signup_intro"),
        FieldPanel("consent_wording"),
        MultiFieldPanel([FieldPanel("from_name"), FieldPanel("reply_to")], heading="Sender"),
        FieldPanel("first_digest_days"),
        FieldPanel("digest_items_per_section"),
    ]

    class Meta:
        verbose_name = "newsletter settings"


class Section(models.TextChoices):
    """The digest's sections, in the order the email shows them."""

    CLOSING_THIS_WEEK = "closing", "Closing this week"
    FUNDING = "funding", "Funding"
    JOBS = "jobs", "Jobs"
    CONSULTATIONS = "consultations", "Surveys and consultations"
    EVENTS = "events", "Events"
    NEWS = "news", "News"
    MEMBER_MESSAGES = "members", "From our members"


class Digest(ClusterableModel):
    """One issue of the newsletter: what was first published in its period, the editor's
    words, and where sending has got to. Its period starts where the previous issue's ended,
    and no two issues share a start: the database refuses a second digest of one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    number = models.PositiveIntegerField(unique=True)
    period_start = models.DateTimeField("from", unique=True)
    period_end = models.DateTimeField("up to")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    subject = models.CharField("subject line", max_length=150)
    preview_text = models.CharField(
        max_length=150, blank=True, help_text="Shown after the subject in most inboxes."
    )
    introduction = models.TextField(blank=True, help_text="A few words from the network.")

    campaign_id = models.CharField("Mailchimp campaign id", max_length=50, blank=True)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    panels = [
        FieldPanel("subject"),
        FieldPanel("preview_text"),
        FieldPanel("introduction"),
        InlinePanel(
            "digest_items",
            heading="Items",
            label="Item",
            help_text="The email shows the first items of each section in this order (how many: "
            "Settings, Newsletter settings) and links to all of them on the website.",
        ),
    ]

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="digest_period_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"Digest {self.number}: {self.subject}"

    @property
    def campaign_title(self):
        """Deterministic, so a run that lost the campaign's id can find the campaign again, and
        unique to this digest's period, so an older campaign that happens to share the number
        (from a test site, or a database restored from backup) is never taken for it."""
        return f"digest-{self.number}-{self.period_start.astimezone(UTC):%Y%m%dT%H%M%S}"


class DigestItem(Orderable):
    """A page in a digest, under one section; staff reorder or drop items before sending."""

    digest = ParentalKey(Digest, on_delete=models.CASCADE, related_name="digest_items")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    section = models.CharField(max_length=15, choices=Section.choices)

    panels = [FieldPanel("section"), FieldPanel("page")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "page", "section"], name="one_digest_item_per_page_and_section"
            )
        ]


class DigestDelivery(models.Model):
    """A digest emailed by the site itself to one subscriber. The row is made before the email
    is sent and is unique, so no re-run emails the same person twice."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "subscriber"], name="one_delivery_per_digest_and_subscriber"
            )
        ]

    def __str__(self):
        return f"Digest {self.digest.number} to subscriber {self.subscriber_id}"

    def mark_sent(self, now=None):
        self.sent_at = now or timezone.now()
        self.save(update_fields=["sent_at"])


# Sent issues are public pages (newsletter.views.issue) outside the page tree: a change retires
# the anonymous page cache (hub.pagecache).
post_save.connect(content_changed, sender=Digest)
post_delete.connect(content_changed, sender=Digest)
