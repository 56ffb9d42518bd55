"""Dates and deadlines in the words people use, always in London time.

One place for this wording so that post pages, listings, feeds, calendars and the newsletter
digest say the same thing. Day counts follow London calendar dates, not 24-hour blocks: a
deadline at 9am tomorrow is "tomorrow" even when it is 8pm today.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
CLOSING_SOON = timedelta(days=14)

OPEN = "open"
CLOSING_SOON_STATUS = "closing_soon"
CLOSED = "closed"


def london(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def format_time(moment: datetime) -> str:
    """5pm, 10:30am, midday, midnight."""
    local = london(moment)
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    if local.hour == 12 and local.minute == 0:
        return "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.minute:
        return f"{hour}:{local.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def format_date(moment: datetime) -> str:
    """Thursday 3 December 2026."""
    local = london(moment)
    return f"{local:%A} {local.day} {local:%B %Y}"


def days_until(moment: datetime, now: datetime) -> int:
    """Whole London calendar days from now to moment."""
    return (london(moment).date() - london(now).date()).days


def relative_day(moment: datetime, now: datetime) -> str:
    days = days_until(moment, now)
    if days <= 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def describe_moment(moment: datetime) -> str:
    """5pm, Thursday 3 December 2026."""
    return f"{format_time(moment)}, {format_date(moment)}"


def describe_deadline(deadline: datetime, now: datetime | None = None, verb="Closes") -> str:
    """ "Closes 5pm, Thursday 3 December 2026 (in 3 days)", or "Closed" once it has passed."""
    now = now or timezone.now()
    if deadline <= now:
        return "Closed"
    return f"{verb} {describe_moment(deadline)} ({relative_day(deadline, now)})"


def describe_event_time(start: datetime, end: datetime | None = None) -> str:
    """ "Wednesday 9 December 2026, 10am to 11:30am", naming the end date when it differs."""
    when = f"{format_date(start)}, {format_time(start)}"
    if end is None:
        return when
    if london(end).date() == london(start).date():
        return f"{when} to {format_time(end)}"
    return f"{when} to {format_date(end)}, {format_time(end)}"


def deadline_status(closes_at: datetime | None, now: datetime | None = None) -> str | None:
    """open, closing_soon (within 14 days) or closed; None for posts with no date to meet."""
    if closes_at is None:
        return None
    now = now or timezone.now()
    if closes_at <= now:
        return CLOSED
    if closes_at <= now + CLOSING_SOON:
        return CLOSING_SOON_STATUS
    return OPEN
