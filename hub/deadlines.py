"""Dates and deadlines in the words people use, always in London time.

One place for this wording so that post pages, listings, feeds, calendars and the newsletter
digest say the same thing. Day counts follow London calendar dates, not 24-hour blocks: a
deadline at 9am tomorrow is "tomorrow" even when it is 8pm today. A moment at midnight belongs
to the day that it ends, as people say it: "midnight at the end of Monday", never "midnight,
Tuesday", which readers take to mean a day later than it is.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
CLOSING_SOON = timedelta(days=14)

OPEN = "open"
CLOSING_SOON_STATUS = "closing_soon"
CLOSED = "closed"


def london(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def is_midnight(moment: datetime) -> bool:
    local = london(moment)
    return local.hour == 0 and local.minute == 0


def format_time(moment: datetime) -> str:
    """5pm, 10:30am, midday, midnight."""
    local = london(moment)
    if is_midnight(local):
        return "midnight"
    if local.hour == 12 and local.minute == 0:
        return "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.minute:
        return f"{hour}:{local.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def format_day(day: date) -> str:
    """Thursday 3 December 2026."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def format_date(moment: datetime) -> str:
    return format_day(london(moment).date())


def day_it_ends(moment: datetime) -> date:
    """The London date a moment closes, counting midnight as the end of the day before."""
    day = london(moment).date()
    return day - timedelta(days=1) if is_midnight(moment) else day


def days_until(moment: datetime, now: datetime) -> int:
    """Whole London calendar days from now to the day moment closes."""
    return (day_it_ends(moment) - london(now).date()).days


def relative_day(moment: datetime, now: datetime) -> str:
    days = days_until(moment, now)
    if days <= 0:
        return "tonight" if is_midnight(moment) else "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def describe_moment(moment: datetime) -> str:
    """5pm, Thursday 3 December 2026; midnight at the end of Wednesday 2 December 2026."""
    if is_midnight(moment):
        return f"midnight at the end of {format_day(day_it_ends(moment))}"
    return f"{format_time(moment)}, {format_date(moment)}"


def describe_moment_on(moment: datetime) -> str:
    """5pm on Thursday 3 December 2026; midnight at the end of Wednesday 2 December 2026."""
    if is_midnight(moment):
        return describe_moment(moment)
    return f"{format_time(moment)} on {format_date(moment)}"


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
    if day_it_ends(end) == london(start).date():
        return f"{when} to {format_time(end)}"
    if is_midnight(end):
        return f"{when} to {describe_moment(end)}"
    return f"{when} to {format_date(end)}, {format_time(end)}"


def deadline_status(
    closes_at: datetime | None, now: datetime | None = None, soon: timedelta = CLOSING_SOON
) -> str | None:
    """open, closing_soon (within `soon`, 14 days unless told) or closed; None for posts with
    no date to meet."""
    if closes_at is None:
        return None
    now = now or timezone.now()
    if closes_at <= now:
        return CLOSED
    if closes_at <= now + soon:
        return CLOSING_SOON_STATUS
    return OPEN


# One vocabulary for status. Deadlines: open, closing soon (saying how soon), closed. Events:
# upcoming, today, past.

UPCOMING = "upcoming"
TODAY = "today"
PAST_EVENT = "past_event"

DEADLINE_LABELS = {OPEN: "Open", CLOSING_SOON_STATUS: "Closing soon", CLOSED: "Closed"}
EVENT_LABELS = {UPCOMING: "Upcoming", TODAY: "Today", PAST_EVENT: "Past event"}


def closing_soon_label(moment: datetime, now: datetime, verb="Closes", label="Closing soon") -> str:
    """How soon, in the badge's words: "Closes today", "Closes tomorrow", "Closing soon: 3
    days left"."""
    days = days_until(moment, now)
    if days <= 0:
        return f"{verb} today"
    if days == 1:
        return f"{verb} tomorrow"
    return f"{label}: {days} days left"


def deadline_label(
    closes_at: datetime | None,
    now: datetime | None = None,
    soon: timedelta = CLOSING_SOON,
    verb="Closes",
    prefix="",
) -> str:
    """The status badge for a deadline: "Open", "Closing soon: 3 days left", "Closes
    tomorrow", "Closed"; `prefix` names what closes ("Registration open")."""
    now = now or timezone.now()
    status = deadline_status(closes_at, now, soon)
    if status is None:
        return ""
    if status == CLOSING_SOON_STATUS:
        words = closing_soon_label(closes_at, now, verb=verb, label="Closing soon")
        return f"{prefix} {words[0].lower()}{words[1:]}" if prefix else words
    words = DEADLINE_LABELS[status]
    return f"{prefix} {words.lower()}" if prefix else words


def event_status(start: datetime | None, end: datetime | None = None, now=None) -> str | None:
    """upcoming, today (it starts today, or is under way) or past_event once it has ended."""
    if start is None:
        return None
    now = now or timezone.now()
    if (end or start) <= now:
        return PAST_EVENT
    if start <= now or london(start).date() == london(now).date():
        return TODAY
    return UPCOMING
