"""Dates and times as British staff type them into the Wagtail admin.

Wagtail's `AdminDateTimeInput` drives a jQuery date picker whose `validateOnBlur` option (on by
default) rewrites the box as it loses focus: text that does not parse in `WAGTAIL_DATETIME_FORMAT`
(then the ISO "Y-m-d H:i", so "10/12/2026 17:00") becomes the current moment, and a date alone
that does parse becomes that date at 00:00. On the server a date alone ("2026-12-10") was read as
midnight at the start of the day. Here:

- `AdminDateTimeWidget` keeps the picker but turns that replacement off: what was typed is sent;
- `AdminDateTimeField` reads day/month/year (the `WAGTAIL_*_FORMAT` settings) and ISO input, and
  refuses anything else with a message beside the field;
- `DeadlinePanel` uses both for a deadline, gives a date alone the network's default closing
  time, and shows the saved deadline back in words under the field.

The core names no content app: any page with a date-and-time field can use `DeadlinePanel`.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import AdminDateTimeInput

from hub import deadlines

DEFAULT_CLOSING_TIME = datetime.time(17, 0)

ISO_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
)
UK_DATETIME_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H.%M")
ISO_DATE_FORMATS = ("%Y-%m-%d",)
UK_DATE_FORMATS = ("%d/%m/%Y",)


def _unique(formats):
    return tuple(dict.fromkeys(f for f in formats if f))


def datetime_input_formats():
    return _unique(
        (getattr(settings, "WAGTAIL_DATETIME_FORMAT", None), *UK_DATETIME_FORMATS)
        + ISO_DATETIME_FORMATS
    )


def date_input_formats():
    return _unique(
        (getattr(settings, "WAGTAIL_DATE_FORMAT", None), *UK_DATE_FORMATS) + ISO_DATE_FORMATS
    )


def network_closing_time():
    """The time a deadline given as a date alone closes: `NetworkSettings.default_closing_time`
    of the default site (the hub runs one network), 5pm when there is none yet."""
    from wagtail.models import Site

    from hub.models import NetworkSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return DEFAULT_CLOSING_TIME
    return NetworkSettings.for_site(site).default_closing_time or DEFAULT_CLOSING_TIME


def describe_time(value):
    """5pm, 10:30am: a time of day as `hub.deadlines` words it."""
    moment = datetime.datetime.combine(datetime.date(2000, 1, 1), value, deadlines.LONDON)
    return deadlines.format_time(moment)


class AdminDateTimeWidget(AdminDateTimeInput):
    """Wagtail's date picker, without replacing unreadable text by the current moment: the
    form field answers for what it cannot read."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class AdminDateTimeField(forms.DateTimeField):
    """A date and time in London, typed as day/month/year or ISO.

    With `date_alone_time` (a `datetime.time` or a callable returning one), a date without a
    time closes at that time; without it, a date alone is refused rather than read as midnight.
    """

    widget = AdminDateTimeWidget

    def __init__(self, *, date_alone_time=None, **kwargs):
        kwargs.pop("input_formats", None)
        self.date_alone_time = date_alone_time
        super().__init__(input_formats=datetime_input_formats(), **kwargs)
        self.error_messages["invalid"] = self.invalid_message()

    def invalid_message(self):
        if self.date_alone_time is None:
            return (
                "Enter a real date and time as day/month/year and hour:minute, "
                "for example 10/12/2026 17:00."
            )
        return (
            "Enter a real date as day/month/year, with a time if you want one, "
            "for example 10/12/2026 17:00."
        )

    def prepare_value(self, value):
        """Shown in London time whatever time zone the editor's admin profile names, as it
        is read back in London time."""
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return deadlines.london(value).replace(tzinfo=None)
        return super().prepare_value(value)

    def closing_time(self):
        value = self.date_alone_time
        return value() if callable(value) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return self._aware(value) if timezone.is_naive(value) else value
        if isinstance(value, datetime.date):
            return self._date_alone(value)
        text = " ".join(str(value).split())
        for fmt in self.input_formats:
            try:
                moment = datetime.datetime.strptime(text, fmt)
            except ValueError:
                continue
            return self._aware(moment)
        for fmt in date_input_formats():
            try:
                day = datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            return self._date_alone(day)
        try:  # after the date formats, and with a time: Python reads a date alone as midnight
            moment = parse_datetime(text) if ":" in text else None
        except ValueError:
            moment = None
        if moment is not None:  # ISO 8601 with seconds or an offset, as scripts send it
            return moment if timezone.is_aware(moment) else self._aware(moment)
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    def _date_alone(self, day):
        time = self.closing_time()
        if time is None:
            raise ValidationError(
                "Give a time as well as the date, for example 10/12/2026 17:00.", code="no_time"
            )
        return self._aware(datetime.datetime.combine(day, time))

    def _aware(self, moment):
        try:
            return timezone.make_aware(moment, deadlines.LONDON)
        except (ValueError, OverflowError) as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class DeadlineField(AdminDateTimeField):
    def __init__(self, **kwargs):
        kwargs.setdefault("date_alone_time", network_closing_time)
        super().__init__(**kwargs)


class DateTimePanel(FieldPanel):
    """A date-and-time field read as British staff type it; a date alone is refused."""

    field_class = AdminDateTimeField
    format_hint = "Day/month/year and time, for example 10/12/2026 17:00 (London time)."

    def get_form_options(self):
        options = super().get_form_options()
        if not self.read_only:
            options["field_classes"] = {self.field_name: self.field_class}
            options.setdefault("widgets", {}).setdefault(self.field_name, AdminDateTimeWidget)
        return options

    def hint(self):
        return self.format_hint

    def describe(self, value, instance=None):
        return deadlines.describe_moment(value)

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.bound_field is None:
                return
            parts = [str(self.help_text or ""), self.panel.hint(), self.saved_in_words()]
            self.help_text = " ".join(part for part in parts if part)
            self.bound_field.help_text = self.help_text

        def saved_in_words(self):
            # The form's initial value is what was saved, even when a refused submission has
            # since put unsaved values on the instance.
            value = self.form.initial.get(self.panel.field_name)
            if not isinstance(value, datetime.datetime):
                return ""
            return f"Saved as: {self.panel.describe(value, self.instance)}."


class DeadlinePanel(DateTimePanel):
    """A deadline: a date alone closes at the network's default closing time. Under the field
    the editor reads the saved deadline in words, as readers will ("Closes 5pm, Thursday 10
    December 2026"), before publishing."""

    field_class = DeadlineField

    def __init__(self, field_name, *args, verb="Closes", **kwargs):
        self.verb = verb
        super().__init__(field_name, *args, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "verb": self.verb}

    def hint(self):
        return (
            "Day/month/year and time, for example 10/12/2026 17:00; "
            f"a date alone closes at {describe_time(network_closing_time())}."
        )

    def describe(self, value, instance=None):
        """In the words readers see; an item with a `closing_verb` ("Registration closes")
        names its own verb."""
        verb = getattr(instance, "closing_verb", None) or self.verb
        return f"{verb} {deadlines.describe_moment(value)}"
