"""iCalendar (.ics) entries for bulletin events and deadlines, built by `hub.calendar`.

An event is an entry from its start to its end (an hour if it has no end). A deadline is a
30-minute entry that ends at the deadline. UIDs are stable (post id and host), so re-importing
or subscribing updates entries instead of copying. The same entries feed the bulletin's own
calendars and the site's `/calendar.ics` (registered in `bulletin/wagtail_hooks.py`).

Entries are built from plain rows (the FIELDS, and the tag names in one more query): building
a page object for each of hundreds of posts cost more than the whole calendar now does.
"""

from collections import defaultdict

from django.db.models import Case, F, Q, When
from taggit.models import Tag

from bulletin.choices import Kind
from hub import calendar

FIELDS = (
    "pk",
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "deadline",
    "summary",
    "venue",
    "address",
    "online_url",
    "last_published_at",
    "url_path",
)
#: When a post happens, as the window reads it: an event's start, anything else's deadline.
MOMENT = Case(When(kind=Kind.EVENT, then=F("starts_at")), default=F("deadline"))


def calendar_entry(post, url, tags):
    """`post`: a row (or a post) with the FIELDS; `tags`: its tag names."""
    common = {
        "url": url,
        "description": post.summary,
        "categories": tags,
        "stamp": post.last_published_at,
    }
    if post.kind == Kind.EVENT:
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


def calendar_entries(rows, urls):
    """The entries of rows with the FIELDS, with their tags in one query."""
    tags = defaultdict(list)
    tagged = (
        Tag.objects.filter(bulletin_bulletinposttag_items__content_object__in=[r.pk for r in rows])
        .order_by("bulletin_bulletinposttag_items__pk")
        .values_list("bulletin_bulletinposttag_items__content_object", "name")
    )
    for post_id, name in tagged:
        tags[post_id].append(name)
    return [calendar_entry(row, urls(row.url_path), tags[row.pk]) for row in rows]


def dated_in(posts, since, until=None):
    """Posts with an entry in the window: an event by its start (its registration may close
    long before), a deadline by its moment."""
    events = Q(kind=Kind.EVENT, starts_at__gte=since)
    deadlines = Q(deadline__isnull=False, deadline__gte=since) & ~Q(kind=Kind.EVENT)
    if until is not None:
        events &= Q(starts_at__lte=until)
        deadlines &= Q(deadline__lte=until)
    return posts.dated().filter(events | deadlines)


def calendar_part(posts):
    """The calendar share of `posts`, a queryset of dated posts."""
    return calendar.CalendarPart(posts, MOMENT, FIELDS, calendar_entries)


def calendar_response(request, posts, filename, name="Bulletin"):
    return calendar.calendar_response(request, [calendar_part(posts)], filename, name)
