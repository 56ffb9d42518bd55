"""Newsletter subscribers, kept on our side first and synced to Mailchimp afterwards.

A subscriber's record is saved before anything else happens, with the exact consent wording
they saw, when, and on which page. Syncing to Mailchimp is a background task whose outcome is
recorded here, so a failure is visible to staff and retried, never shown to the visitor."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

DEFAULT_CONSENT_WORDING = (
    "Yes, email me the network's newsletter about the topics I have ticked. I can unsubscribe "
    "at any time with the link in every email. The network keeps my email address and name "
    "only to send the newsletter, through Mailchimp, and never shares them."
)
# Waits between sync attempts that failed for a reason that may pass (no answer, rate limited,
# Mailchimp's own error): a minute, five, half an hour, two hours, then every six hours.
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]


class Interest(models.TextChoices):
    JOBS = "jobs", "Jobs"
    FUNDING = "funding", "Funding"
    EVENTS = "events", "Events"
    CONSULTATIONS = "consultations", "Surveys and consultations"
    NEWS = "news", "News"


class SubscriberQuerySet(models.QuerySet):
    def due_for_sync(self, now=None):
        """Records whose last sync failed for a passing reason and whose wait is over."""
        return self.filter(
            sync_state=Subscriber.SyncState.FAILED, next_sync_at__lte=now or timezone.now()
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
class NewsletterSettings(BaseSiteSetting):
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

    panels = [
        FieldPanel("signup_intro"),
        FieldPanel("consent_wording"),
        MultiFieldPanel([FieldPanel("from_name"), FieldPanel("reply_to")], heading="Sender"),
    ]

    class Meta:
        verbose_name = "newsletter settings"
