"""The site's iCalendar feed (`/calendar.ics`): every app's dated entries in one calendar.

The core names no app. Each app that has dates registers a function under CALENDAR_ENTRIES in
its `wagtail_hooks.py`, called with (request, since, until), that returns a `CalendarEntry` for
each date of its own falling in that window. The window is bounded (a month back, a year
ahead), so a subscribed calendar stays small however much content the site holds.

Entries are VEVENTs in Europe/London time with a VTIMEZONE, so clients get the clock change
right; UIDs are stable, so re-importing or subscribing updates entries instead of copying them.
A deadline is a 30-minute entry ending at the deadline: calendars show it in the slot where it
falls, with time to act, where a zero-length entry is easy to miss.
"""

from datetime import timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event
from wagtail import hooks

from hub.deadlines import LONDON

#: Called with (request, since, until); returns CalendarEntry objects dated in that window.
CALENDAR_ENTRIES = "calendar_entries"
#: The site calendar's window: from a month ago (so a subscriber does not lose what just
#: happened) to a year ahead.
WINDOW_BEFORE = timedelta(days=30)
WINDOW_AFTER = timedelta(days=365)
#: At most this many entries from each app, soonest first.
MAX_ENTRIES_PER_APP = 500
DEADLINE_SLOT = timedelta(minutes=30)
EVENT_WITHOUT_END = timedelta(hours=1)


class CalendarEntry:
    """One date in a calendar: an event from `start` to `end` (an hour when it has no end),
    or, given `deadline` instead, a deadline ending at that moment."""

    def __init__(
        self,
        uid,
        summary,
        url,
        *,
        start=None,
        end=None,
        deadline=None,
        description="",
        location="",
        categories=(),
        stamp=None,
    ):
        if deadline is not None:
            start, end = deadline - DEADLINE_SLOT, deadline
        elif start is None:
            raise ValueError("A calendar entry needs a start or a deadline.")
        self.uid = uid
        self.summary = summary
        self.url = url
        self.start = start
        self.end = end or start + EVENT_WITHOUT_END
        self.description = description
        self.location = location
        self.categories = list(categories)
        self.stamp = stamp

    def to_event(self, host):
        event = Event()
        event.add("uid", f"{self.uid}@{host}")
        event.add("summary", self.summary)
        event.add("dtstart", self.start.astimezone(LONDON))
        event.add("dtend", self.end.astimezone(LONDON))
        event.add("dtstamp", self.stamp or timezone.now())
        event.add("url", self.url)
        event.add("description", "\n\n".join(part for part in (self.description, self.url) if part))
        if self.location:
            event.add("location", self.location)
        if self.categories:
            event.add("categories", self.categories)
        return event


def build_calendar(entries, request, name):
    host = request.get_host().split(":")[0]
    calendar = Calendar()
    calendar.add("prodid", "-//Network Hub//Calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    for entry in entries:
        calendar.add_component(entry.to_event(host))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(request, entries, filename, name):
    response = HttpResponse(
        build_calendar(entries, request, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def window(now=None):
    now = now or timezone.now()
    return now - WINDOW_BEFORE, now + WINDOW_AFTER


def site_entries(request, since, until):
    """Every app's entries in the window, in time order."""
    entries = [
        entry
        for function in hooks.get_hooks(CALENDAR_ENTRIES)
        for entry in function(request, since, until)
    ]
    return sorted(entries, key=lambda entry: (entry.start, entry.uid))


@require_GET
def site_calendar(request):
    """Everything with a date on the site, from a month ago to a year ahead."""
    since, until = window()
    entries = site_entries(request, since, until)
    return calendar_response(request, entries, filename="calendar.ics", name="Network Hub")
