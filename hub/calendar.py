"""The site's iCalendar feed (`/calendar.ics`): every app's dated entries in one calendar.

The core names no app. Each app that has dates registers a function under CALENDAR_ENTRIES in
its `wagtail_hooks.py`, called with (request, since, until), that returns a `CalendarPart`: the
pages dated in that window and how to turn them into `CalendarEntry`s. The window is bounded (a
month back, a year ahead, whole days in London time) and each app gives at most
MAX_ENTRIES_PER_APP entries, upcoming ones first, so a subscribed calendar stays small however
much content the site holds.

Calendars answer conditional requests: one query per app reads the rows shown, and the ETag
comes from their ids and publication moments before any entry is built (no tags, no URLs, no
writing), so a subscribed client polling every hour gets a 304 cheaply. The date is part of
the version, so what the rows cannot show (an organisation renamed, a page moved) reaches
subscribers within a day.

Entries are VEVENTs in Europe/London time with a VTIMEZONE, so clients get the clock change
right; UIDs are stable, so re-importing or subscribing updates entries instead of copying them.
A deadline is a 30-minute entry ending at the deadline: calendars show it in the slot where it
falls, with time to act, where a zero-length entry is easy to miss.

The VEVENTs are written here, line by line, to RFC 5545 (escaping, 75-octet folding): building
them as `icalendar` components cost about 0.5 ms an entry, a third of a second for a full
calendar. `icalendar` still makes the VTIMEZONE (once per process), and the tests read every
calendar back with it.
"""

import functools
from datetime import UTC, datetime, time, timedelta
from hashlib import blake2b, md5

from django.db.models import Case, F, Value, When
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date
from django.views.decorators.http import require_GET
from icalendar import Timezone
from wagtail import hooks

from hub.deadlines import LONDON
from hub.generation import remember
from hub.page_urls import PageUrls

#: Called with (request, since, until); returns a `CalendarPart` of pages dated in that window.
CALENDAR_ENTRIES = "calendar_entries"
#: The site calendar's window: from a month ago (so a subscriber does not lose what just
#: happened) to a year ahead.
WINDOW_BEFORE = timedelta(days=30)
WINDOW_AFTER = timedelta(days=365)
#: At most this many entries from each app: the upcoming ones, soonest first, then the
#: recent past, latest first. A calendar client shows the weeks ahead and polls for more; at
#: network scale (1,000 open vacancies) 250 is the next two weeks or so of closing dates, and
#: each entry costs about 20 microseconds to read and write, 500 of them a response's budget.
MAX_ENTRIES_PER_APP = 250
DEADLINE_SLOT = timedelta(minutes=30)
EVENT_WITHOUT_END = timedelta(hours=1)
TZID = "Europe/London"
# RFC 5545 3.1: content lines longer than 75 octets are folded.
LINE_OCTETS = 75


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

    def lines(self, host, now):
        """The VEVENT's content lines, unfolded."""
        lines = [
            "BEGIN:VEVENT",
            f"UID:{escape_text(f'{self.uid}@{host}')}",
            f"SUMMARY:{escape_text(self.summary)}",
            f"DTSTART;TZID={TZID}:{local_time(self.start)}",
            f"DTEND;TZID={TZID}:{local_time(self.end)}",
            f"DTSTAMP:{utc_time(self.stamp or now)}",
            f"URL:{self.url}",
            "DESCRIPTION:"
            + escape_text("\n\n".join(part for part in (self.description, self.url) if part)),
        ]
        if self.location:
            lines.append(f"LOCATION:{escape_text(self.location)}")
        if self.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(name) for name in self.categories))
        lines.append("END:VEVENT")
        return lines


def escape_text(value):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def local_time(moment):
    return date_time(moment.astimezone(LONDON))


def utc_time(moment):
    return date_time(moment.astimezone(UTC)) + "Z"


def date_time(moment):
    # Formatted by hand: strftime took a fifth of the calendar's time.
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )


def fold(line):
    """A content line as CRLF-ended octets, folded at 75 octets without splitting a UTF-8
    character (continuation lines start with a space, which counts)."""
    data = line.encode()
    if len(data) <= LINE_OCTETS:
        return data + b"\r\n"
    parts = []
    start, limit = 0, LINE_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # inside a multi-byte character
            end -= 1
        parts.append(data[start:end])
        start, limit = end, LINE_OCTETS - 1
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


@functools.cache
def london_timezone():
    """The VTIMEZONE of Europe/London, as `icalendar` writes it; slow to build, so once."""
    return Timezone.from_tzid(TZID).to_ical()


def serialise(entries, host, name, now):
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Network Hub//Calendar//EN",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
    ]
    events = [fold(line) for entry in entries for line in entry.lines(host, now)]
    return b"".join(
        [*(fold(line) for line in head), london_timezone(), *events, fold("END:VCALENDAR")]
    )


class CalendarPart:
    """One app's share of a calendar. `pages`: a queryset of the pages with entries (already
    filtered to the window); `moment`: the expression of each one's date, which orders them;
    `fields`: the columns its entries need (with `pk` and `last_published_at`, which version
    the calendar), read as named rows in one query; `build(rows, urls)`: the `CalendarEntry`s
    of those rows, in a fixed number of queries, with `urls` (a `PageUrls`) for addresses."""

    def __init__(self, pages, moment, fields, build):
        self.pages = pages
        self.moment = moment
        self.fields = fields
        self.build = build

    def rows(self, now, limit):
        """The rows shown: upcoming first, soonest first, then the recent past, latest first.
        Subscribers need what is coming; the cap never drops it for last month's."""
        past = Case(When(calendar_moment__lt=now, then=Value(1)), default=Value(0))
        upcoming_moment = Case(When(calendar_moment__gte=now, then=F("calendar_moment")))
        pages = self.pages.annotate(calendar_moment=self.moment).order_by(
            past, upcoming_moment, F("calendar_moment").desc(), "pk"
        )
        return list(pages[:limit].values_list(*self.fields, named=True))


def window(now=None):
    """Whole days in London time, so a calendar stays the same all day: from the start of the
    day a month ago to the end of the day a year ahead."""
    today = timezone.localtime(now or timezone.now(), LONDON).date()
    start = datetime.combine(today, time(), tzinfo=LONDON)
    return start - WINDOW_BEFORE, start + WINDOW_AFTER + timedelta(days=1)


def version(request, shown, now):
    """(ETag, Last-Modified timestamp) of a calendar from the ids and publication moments of
    each part's rows (an entry published, changed, unpublished, or moved in or out of the
    window changes it) and the date. Last-Modified is the latest publication, or the start of
    the day when later, as the window moves daily: a client that sends only If-Modified-Since
    sees a page unpublished today from tomorrow."""
    today = timezone.localtime(now, LONDON).date()
    fingerprint = [request.get_host(), request.get_full_path(), today.isoformat()]
    moments = [datetime.combine(today, time(), tzinfo=LONDON)]
    for _, rows in shown:
        fingerprint.append(repr(sorted((row.pk, row.last_published_at) for row in rows)))
        moments += [row.last_published_at for row in rows if row.last_published_at]
    etag = quote_etag(md5("|".join(fingerprint).encode(), usedforsecurity=False).hexdigest())
    # Whole seconds, as the header carries them and clients send them back.
    return etag, int(max(moments).timestamp())


def calendar_response(request, parts, filename, name, now=None):
    """The calendar of `parts` (`CalendarPart`s), or 304 when the client's copy is current:
    one query a part decides, before any entry is built. The version (per address and day: the
    window moves daily) and the text (per version) are kept for everyone until content changes
    or an entry closes (hub.generation.remember)."""
    now = now or timezone.now()
    today = timezone.localtime(now, LONDON).date()
    address = f"{request.get_host()}{request.get_full_path()}|{today.isoformat()}"
    shown = []

    def current_version():
        shown.extend((part, part.rows(now, MAX_ENTRIES_PER_APP)) for part in parts)
        return version(request, shown, now)

    etag, last_modified = remember(
        calendar_key("version", address), current_version, until_deadline=True, now=now
    )
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        calendar = remember(
            calendar_key("text", etag),
            lambda: written(request, parts, shown, name, now),
            until_deadline=True,
            now=now,
        )
        response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response


def calendar_key(kind, value):
    return f"calendar:{kind}:" + blake2b(value.encode(), digest_size=16).hexdigest()


def written(request, parts, shown, name, now):
    """The calendar's text, from the rows its version was read from if this request read them."""
    shown = shown or [(part, part.rows(now, MAX_ENTRIES_PER_APP)) for part in parts]
    urls = PageUrls(request)
    entries = sorted(
        (entry for part, rows in shown for entry in part.build(rows, urls)),
        key=lambda entry: (entry.start, entry.uid),
    )
    return serialise(entries, request.get_host().split(":")[0], name, now)


@require_GET
def site_calendar(request):
    """Everything with a date on the site, from a month ago to a year ahead."""
    since, until = window()
    parts = [function(request, since, until) for function in hooks.get_hooks(CALENDAR_ENTRIES)]
    return calendar_response(request, parts, filename="calendar.ics", name="Network Hub")
