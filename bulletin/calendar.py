"""iCalendar (.ics) files of bulletin events and deadlines, built with the icalendar package.

An event is a VEVENT from its start to its end (an hour if it has no end). A deadline is a
30-minute VEVENT that ends at the deadline: calendars show it in the afternoon slot where it
falls, with time to act, where a zero-length event is easy to miss. Times carry
TZID=Europe/London with a VTIMEZONE, so clients get the clock change right. UIDs are
stable (post id and host), so re-importing or subscribing updates entries instead of copying.
"""

from datetime import timedelta

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from hub.deadlines import LONDON

DEADLINE_SLOT = timedelta(minutes=30)
EVENT_WITHOUT_END = timedelta(hours=1)


def calendar_entry(post, request):
    host = request.get_host().split(":")[0]
    entry = Event()
    if post.is_event:
        start = post.starts_at.astimezone(LONDON)
        end = (post.ends_at or post.starts_at + EVENT_WITHOUT_END).astimezone(LONDON)
        entry.add("uid", f"bulletin-post-{post.pk}@{host}")
        entry.add("summary", post.title)
        location = ", ".join(
            part for part in (post.venue, " ".join(post.address.split()), post.online_url) if part
        )
        if location:
            entry.add("location", location)
    else:
        end = post.deadline.astimezone(LONDON)
        start = end - DEADLINE_SLOT
        entry.add("uid", f"bulletin-post-{post.pk}-deadline@{host}")
        entry.add("summary", f"Deadline: {post.title}")
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("dtstamp", post.last_published_at or timezone.now())
    url = request.build_absolute_uri(post.get_url(request))
    entry.add("url", url)
    entry.add("description", "\n\n".join(part for part in (post.summary, url) if part))
    if post.tag_list:
        entry.add("categories", [tag.name for tag in post.tag_list])
    return entry


def build_calendar(posts, request, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Network Hub//Bulletin//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    for post in posts:
        calendar.add_component(calendar_entry(post, request))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(request, posts, filename, name="Bulletin"):
    response = HttpResponse(
        build_calendar(posts, request, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
