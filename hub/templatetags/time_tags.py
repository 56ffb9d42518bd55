from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso_datetime(value):
    """A moment for a `datetime=` attribute: ISO 8601 in the current time zone, to the second.
    Django's `date:'c'` writes six digits of a second, where HTML allows at most three."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
