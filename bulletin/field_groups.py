"""The groups of fields a bulletin post carries, each with its editor panel and its own checks.

They are abstract mixins of the one `BulletinPost` model, so every kind still lives in one table
and one query reads them all; a group only says which fields belong together."""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from bulletin.choices import DEADLINE_REQUIRED, AttendanceMode, Kind
from hub import deadlines
from hub.admin_fields import DateTimePanel, DeadlinePanel


def kind_panel(*kinds, requires=None):
    """Marks an editor panel as belonging to these kinds, so the editor shows it only for them
    (static/js/admin/kind_panels.js); `requires` names a field those kinds must fill in. The
    model's clean() still checks everything: this is what the editor sees, not a rule."""
    attrs = {"data-kind-panel": " ".join(sorted(kinds))}
    if requires:
        field, required_kinds = requires
        attrs["data-kind-requires-field"] = field
        attrs["data-kind-requires"] = " ".join(sorted(required_kinds))
    return attrs


class DeadlineFields(models.Model):
    deadline = models.DateTimeField(
        null=True,
        blank=True,
        help_text="London time. Required for surveys, consultations and funding calls; for "
        "events, when registration closes.",
    )
    audience = models.TextField(
        "who it is for",
        blank=True,
        help_text="Who should respond, attend or apply.",
    )

    deadline_panels = [
        MultiFieldPanel(
            [DeadlinePanel("deadline"), FieldPanel("audience")],
            heading="Deadline and audience",
            attrs=kind_panel(
                Kind.CONSULTATION,
                Kind.FUNDING,
                Kind.EVENT,
                requires=("deadline", DEADLINE_REQUIRED),
            ),
        )
    ]

    class Meta:
        abstract = True

    @property
    def deadline_moment_text(self):
        """The deadline without the countdown, for the post's own page: "5pm, Thursday 3 …"."""
        return deadlines.describe_moment(self.deadline) if self.deadline else ""


class CallToActionFields(models.Model):
    cta_text = models.CharField(
        "call to action",
        max_length=60,
        blank=True,
        help_text="Say what happens: “Take the survey”, “Register”, “Apply”.",
    )
    cta_url = models.URLField("call to action link", blank=True)

    call_to_action_panels = [
        MultiFieldPanel(
            [FieldPanel("cta_text"), FieldPanel("cta_url")],
            heading="Call to action",
        )
    ]

    class Meta:
        abstract = True


class FundingFields(models.Model):
    funder = models.CharField(max_length=200, blank=True)
    amount_min = models.PositiveIntegerField("smallest grant (£)", null=True, blank=True)
    amount_max = models.PositiveIntegerField("largest grant (£)", null=True, blank=True)
    how_to_apply = models.TextField(blank=True)

    funding_panels = [
        MultiFieldPanel(
            [
                FieldPanel("funder"),
                FieldRowPanel([FieldPanel("amount_min"), FieldPanel("amount_max")]),
                FieldPanel("how_to_apply"),
            ],
            heading="Funding calls",
            classname="collapsed",
            attrs=kind_panel(Kind.FUNDING),
        )
    ]

    class Meta:
        abstract = True

    def funding_errors(self):
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_min > self.amount_max
        ):
            return {"amount_min": "The smallest grant is more than the largest grant."}
        return {}

    @property
    def amount_text(self):
        if self.amount_min and self.amount_max:
            return f"£{self.amount_min:,} to £{self.amount_max:,}"
        if self.amount_max:
            return f"Up to £{self.amount_max:,}"
        if self.amount_min:
            return f"From £{self.amount_min:,}"
        return ""


class EventFields(models.Model):
    starts_at = models.DateTimeField("starts", null=True, blank=True, help_text="London time.")
    ends_at = models.DateTimeField("ends", null=True, blank=True, help_text="London time.")
    attendance_mode = models.CharField(max_length=20, choices=AttendanceMode.choices, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    online_url = models.URLField(
        "online joining link",
        blank=True,
        help_text="Where people join online, or the page that explains how.",
    )
    step_free = models.BooleanField("step-free access", default=False)
    bsl_interpreted = models.BooleanField("BSL interpretation", default=False)
    captioned = models.BooleanField("live captions", default=False)
    access_notes = models.TextField(
        "access information",
        blank=True,
        help_text="Toilets, hearing loops, quiet rooms, how to ask for adjustments.",
    )

    event_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([DateTimePanel("starts_at"), DateTimePanel("ends_at")]),
                FieldPanel("attendance_mode"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("online_url"),
                FieldRowPanel(
                    [
                        FieldPanel("step_free"),
                        FieldPanel("bsl_interpreted"),
                        FieldPanel("captioned"),
                    ]
                ),
                FieldPanel("access_notes"),
            ],
            heading="Events and workshops",
            classname="collapsed",
            attrs=kind_panel(Kind.EVENT),
        )
    ]

    class Meta:
        abstract = True

    def event_errors(self):
        errors = {}
        if self.starts_at is None:
            errors["starts_at"] = "An event needs a start date and time."
        elif self.ends_at is not None and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The event must end after it starts."
        if not self.attendance_mode:
            errors["attendance_mode"] = "Say whether people attend in person, online or both."
        if self.is_in_person and not self.venue and not self.address:
            errors["venue"] = "An in-person event needs a venue or an address."
        if self.is_online and not self.online_url:
            errors["online_url"] = "An online event needs a joining link."
        return errors

    def has_ended(self, now=None):
        if self.starts_at is None:
            return False
        return (self.ends_at or self.starts_at) <= (now or timezone.now())

    @property
    def access_features(self):
        return [
            label
            for label, present in (
                ("Step-free access", self.step_free),
                ("BSL interpretation", self.bsl_interpreted),
                ("Live captions", self.captioned),
            )
            if present
        ]

    @property
    def is_in_person(self):
        return self.attendance_mode in {AttendanceMode.IN_PERSON, AttendanceMode.MIXED}

    @property
    def is_online(self):
        return self.attendance_mode in {AttendanceMode.ONLINE, AttendanceMode.MIXED}
