"""RSS, Atom and iCalendar output, read back with feedparser and icalendar."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
from icalendar import Calendar

from tests.bulletin.factories import BulletinPostFactory, in_days, make_posts
from tests.queries import count_queries

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def posts(bulletin):
    published = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    return {
        "survey": BulletinPostFactory(
            parent=bulletin,
            title="Youth survey",
            slug="youth-survey",
            consultation=True,
            deadline=in_days(3),
            tags=["Youth", "Data"],
            first_published_at=published,
        ),
        "event": BulletinPostFactory(
            parent=bulletin,
            title="Campaign workshop",
            slug="campaign-workshop",
            event=True,
            tags=["Data"],
            first_published_at=published + timedelta(days=1),
        ),
        "news": BulletinPostFactory(
            parent=bulletin,
            title="Annual report",
            slug="annual-report",
            tags=["Funders"],
            first_published_at=published + timedelta(days=2),
        ),
    }


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, feedparser.parse(response.content)


def test_rss_feed_of_all_posts(client, posts):
    response, feed = parse(client, "/bulletin/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert feed.feed.title == "Bulletin: All posts"
    assert feed.feed.link == "http://testserver/bulletin/"
    assert [entry.title for entry in feed.entries] == [
        "Annual report",
        "Campaign workshop",
        "Youth survey",
    ]
    survey = feed.entries[2]
    assert survey.link == "http://testserver/bulletin/youth-survey/"
    assert datetime(*survey.published_parsed[:6], tzinfo=UTC) == datetime(
        2026, 11, 1, 9, 0, tzinfo=UTC
    )
    assert {tag.term for tag in survey.tags} == {"Survey or consultation", "Youth", "Data"}
    assert f"Deadline: {posts['survey'].deadline_moment_text}" in survey.description
    # Feed readers keep items for weeks, so no countdown that would go stale.
    assert "(in 3 days)" not in survey.description
    assert "What Youth survey is about." in survey.description


def test_atom_feed_has_dates_with_time_zones_and_event_times(client, posts):
    response, feed = parse(client, "/bulletin/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    event = next(entry for entry in feed.entries if entry.title == "Campaign workshop")
    assert event.published.endswith(("Z", "+00:00"))
    assert event.updated
    assert posts["event"].event_time_text in event.summary
    assert "Registration closes" not in event.summary
    assert {tag.term for tag in event.tags} == {"Event or workshop", "Data"}


def test_event_feed_item_gives_its_time_and_registration_deadline(client, bulletin):
    event = BulletinPostFactory(
        parent=bulletin,
        event=True,
        starts_at=in_days(10, hour=10),
        deadline=in_days(8, hour=17),
    )
    _, feed = parse(client, "/bulletin/feed/atom/")
    assert event.event_time_text in feed.entries[0].summary
    assert f"Registration closes: {event.deadline_moment_text}" in feed.entries[0].summary


def test_per_kind_and_per_tag_feeds(client, posts):
    _, feed = parse(client, "/bulletin/kind/event/feed/rss/")
    assert [entry.title for entry in feed.entries] == ["Campaign workshop"]
    assert feed.feed.title == "Bulletin: Event or workshop"
    assert feed.feed.subtitle == "Bulletin: Event or workshop, newest first."
    _, feed = parse(client, "/bulletin/tag/data/feed/atom/")
    assert [entry.title for entry in feed.entries] == ["Campaign workshop", "Youth survey"]
    assert feed.feed.title == "Bulletin: Posts tagged Data"
    assert client.get("/bulletin/tag/nothing/feed/rss/").status_code == 404
    assert client.get("/bulletin/kind/vacancy/feed/atom/").status_code == 404


def test_feed_escapes_editor_text(client, bulletin):
    BulletinPostFactory(parent=bulletin, title="Tom & Jerry <b>", summary="Less < more & so on")
    _, feed = parse(client, "/bulletin/feed/rss/")
    assert feed.entries[0].title == "Tom & Jerry <b>"
    assert "Less &lt; more &amp; so on" in feed.entries[0].description


def read_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, Calendar.from_ical(response.content)


def test_calendar_feed_of_events_and_deadlines(client, posts):
    response, calendar = read_calendar(client, "/bulletin/calendar/")
    assert 'filename="bulletin.ics"' in response["Content-Disposition"]
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Deadline: Youth survey", "Campaign workshop"}

    workshop = events["Campaign workshop"]
    assert workshop["UID"] == f"bulletin-post-{posts['event'].pk}@testserver"
    assert workshop.decoded("DTSTART") == posts["event"].starts_at
    assert workshop.decoded("DTEND") == posts["event"].ends_at
    assert workshop["DTSTART"].params["TZID"] == "Europe/London"
    assert str(workshop["URL"]) == "http://testserver/bulletin/campaign-workshop/"
    assert "Community Hall" in str(workshop["LOCATION"])
    assert "DTSTAMP" in workshop

    deadline = events["Deadline: Youth survey"]
    assert deadline["UID"] == f"bulletin-post-{posts['survey'].pk}-deadline@testserver"
    assert deadline.decoded("DTEND") == posts["survey"].deadline
    assert deadline.decoded("DTSTART") == posts["survey"].deadline - timedelta(minutes=30)
    assert "What Youth survey is about." in str(deadline["DESCRIPTION"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_calendar_keeps_an_event_whose_registration_closed_long_ago(client, bulletin):
    BulletinPostFactory(
        parent=bulletin,
        title="Conference",
        event=True,
        starts_at=in_days(5, hour=10),
        deadline=in_days(-40),
    )
    BulletinPostFactory(
        parent=bulletin, title="Old survey", consultation=True, deadline=in_days(-40)
    )
    _, calendar = read_calendar(client, "/bulletin/calendar/")
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Conference"]


def test_calendar_is_bounded_to_a_year_ahead(client, bulletin):
    BulletinPostFactory(parent=bulletin, title="Next month", event=True, starts_at=in_days(30))
    BulletinPostFactory(parent=bulletin, title="Too far", event=True, starts_at=in_days(400))
    BulletinPostFactory(
        parent=bulletin, title="Far deadline", consultation=True, deadline=in_days(400)
    )
    _, calendar = read_calendar(client, "/bulletin/calendar/")
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Next month"]


def test_calendar_uids_are_stable_between_downloads(client, posts):
    first = read_calendar(client, "/bulletin/calendar/")[1]
    second = read_calendar(client, "/bulletin/calendar/")[1]
    assert [e["UID"] for e in first.walk("VEVENT")] == [e["UID"] for e in second.walk("VEVENT")]


def test_calendar_times_across_the_clock_change(client, bulletin):
    # Saturday 24 October 2026 is BST (UTC+1); Monday 26 October is GMT (UTC+0).
    post = BulletinPostFactory(
        parent=bulletin,
        slug="clock-change",
        event=True,
        starts_at=datetime(2026, 10, 24, 18, 0, tzinfo=LONDON),
        ends_at=datetime(2026, 10, 26, 17, 0, tzinfo=LONDON),
    )
    _, calendar = read_calendar(client, "/bulletin/clock-change/calendar/")
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime(2026, 10, 24, 17, 0, tzinfo=UTC)
    assert end == datetime(2026, 10, 26, 17, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(hours=1)
    assert end.utcoffset() == timedelta(0)
    assert start == post.starts_at


def test_add_to_calendar_download_for_one_post(client, posts):
    response, calendar = read_calendar(client, "/bulletin/campaign-workshop/calendar/")
    assert response["Content-Disposition"] == 'attachment; filename="campaign-workshop.ics"'
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Campaign workshop"]
    assert client.get("/bulletin/annual-report/calendar/").status_code == 404


def test_online_event_location_is_its_link(client, bulletin):
    BulletinPostFactory(
        parent=bulletin,
        slug="webinar",
        online_event=True,
    )
    _, calendar = read_calendar(client, "/bulletin/webinar/calendar/")
    (event,) = calendar.walk("VEVENT")
    assert str(event["LOCATION"]) == "https://meet.example.org/webinar"


@pytest.mark.parametrize(
    "url",
    [
        "/bulletin/feed/rss/",
        "/bulletin/feed/atom/",
        "/bulletin/kind/event/feed/rss/",
        "/bulletin/tag/data/feed/atom/",
        "/bulletin/calendar/",
    ],
)
def test_feed_queries_do_not_grow_with_posts(client, bulletin, url):
    make_posts(bulletin, 5)
    with_five = count_queries(client, url)
    make_posts(bulletin, 45, start=5)
    assert count_queries(client, url) == with_five
