"""iCalendar (.ics) entries for bulletin events and deadlines, built by `hub.calendar`.

An event is an entry from its start to its end (an hour if it has no end). A deadline is a
30-minute entry that ends at the deadline. UIDs are stable (post id and host), so re-importing
or subscribing updates entries instead of copying. The same entries feed the bulletin's own
calendars and the site's `/calendar.ics` (registered in `bulletin/wagtail_hooks.py`).
"""

from django.db.models import Q

from bulletin.choices import Kind
from hub import calendar


def calendar_entry(post, request):
    url = request.build_absolute_uri(post.get_url(request))
    common = {
        "url": url,
        "description": post.summary,
        "categories": [tag.name for tag in post.tag_list],
        "stamp": post.last_published_at,
    }
    if post.is_event:
        location = ", ".join(
            part for part in (post.venue, " ".join(post.address.split()), post.online_url) if part
        )
        return calendar.CalendarEntry(
            f"bulletin-post-{post.pk}",
            post.title,
            start=post.starts_at,
            end=post.ends_at,
            location=location,
            **common,
        )
    return calendar.CalendarEntry(
        f"bulletin-post-{post.pk}-deadline",
        f"Deadline: {post.title}",
        deadline=post.deadline,
        **common,
    )


def dated_in(posts, since, until=None):
    """Posts with an entry in the window: an event by its start (its registration may close
    long before), a deadline by its moment."""
    events = Q(kind=Kind.EVENT, starts_at__gte=since)
    deadlines = Q(deadline__isnull=False, deadline__gte=since) & ~Q(kind=Kind.EVENT)
    if until is not None:
        events &= Q(starts_at__lte=until)
        deadlines &= Q(deadline__lte=until)
    return posts.dated().filter(events | deadlines)


def calendar_response(request, posts, filename, name="Bulletin"):
    entries = [calendar_entry(post, request) for post in posts]
    return calendar.calendar_response(request, entries, filename=filename, name=name)
