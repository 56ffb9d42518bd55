"""The site's calendar, /calendar.ics: bulletin events and deadlines and vacancies' closing
dates in one iCalendar feed, bounded to a month back and a year ahead."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from icalendar import Calendar

from hub import calendar as site_calendar
from hub.deadlines import LONDON
from jobs.choices import Ending
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory, in_days
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    home = make_site()
    return {
        "bulletin": BulletinIndexPageFactory(parent=home),
        "jobs": JobsIndexPageFactory(parent=home),
    }


def read(client):
    response = client.get("/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="calendar.ics"' in response["Content-Disposition"]
    return Calendar.from_ical(response.content)


def entries(calendar):
    return {str(entry["SUMMARY"]): entry for entry in calendar.walk("VEVENT")}


def test_events_deadlines_and_vacancy_closing_dates_in_one_calendar(client, site):
    workshop = BulletinPostFactory(
        parent=site["bulletin"],
        title="Campaign workshop",
        event=True,
        starts_at=in_days(6, hour=10),
        venue="Community Hall",
    )
    survey = BulletinPostFactory(
        parent=site["bulletin"], title="Youth survey", consultation=True, deadline=in_days(3)
    )
    job = VacancyFactory(
        parent=site["jobs"],
        title="Advice Worker",
        employer_name="Lewisham Law Centre",
        closes_at=in_days(9, hour=9),
    )

    found = entries(read(client))
    assert set(found) == {
        "Campaign workshop",
        "Deadline: Youth survey",
        "Closing date: Advice Worker (Lewisham Law Centre)",
    }

    event = found["Campaign workshop"]
    assert event["UID"] == f"bulletin-post-{workshop.pk}@testserver"
    assert event.decoded("DTSTART") == workshop.starts_at
    assert event.decoded("DTEND") == workshop.ends_at
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert "Community Hall" in str(event["LOCATION"])

    deadline = found["Deadline: Youth survey"]
    assert deadline["UID"] == f"bulletin-post-{survey.pk}-deadline@testserver"
    assert deadline.decoded("DTEND") == survey.deadline

    closing = found["Closing date: Advice Worker (Lewisham Law Centre)"]
    assert closing["UID"] == f"jobs-vacancy-{job.pk}-closing@testserver"
    assert closing.decoded("DTEND") == job.closes_at
    assert closing.decoded("DTSTART") == job.closes_at - timedelta(minutes=30)
    assert str(closing["URL"]) == f"http://testserver{job.url}"
    assert "What the Advice Worker job involves." in str(closing["DESCRIPTION"])


def test_the_calendar_keeps_the_last_month_and_the_next_year_only(client, site):
    # Inside the window: a month of the recent past stays, so subscribers keep what just
    # happened.
    BulletinPostFactory(
        parent=site["bulletin"], title="Recent survey", consultation=True, deadline=in_days(-20)
    )
    VacancyFactory(parent=site["jobs"], title="Recently closed job", closes_at=in_days(-20))
    VacancyFactory(parent=site["jobs"], title="Open job", closes_at=in_days(300))
    # Outside it: older than 30 days, or more than a year ahead.
    BulletinPostFactory(
        parent=site["bulletin"], title="Old survey", consultation=True, deadline=in_days(-40)
    )
    BulletinPostFactory(
        parent=site["bulletin"],
        title="Old event",
        event=True,
        starts_at=in_days(-45, hour=10),
    )
    BulletinPostFactory(
        parent=site["bulletin"],
        title="Far event",
        event=True,
        starts_at=in_days(400, hour=10),
    )
    VacancyFactory(parent=site["jobs"], title="Old job", closes_at=in_days(-40))
    VacancyFactory(parent=site["jobs"], title="Far job", closes_at=in_days(400))
    # Never: a withdrawn vacancy, and pages not live.
    withdrawn = VacancyFactory(parent=site["jobs"], title="Withdrawn job", closes_at=in_days(5))
    withdrawn.end(Ending.WITHDRAWN, get_user_model().objects.create_user("member"))
    VacancyFactory(parent=site["jobs"], title="Draft job", closes_at=in_days(5), live=False)

    summaries = sorted(entries(read(client)))
    assert summaries == [
        "Closing date: Open job (Peckham Community Kitchen)",
        "Closing date: Recently closed job (Peckham Community Kitchen)",
        "Deadline: Recent survey",
    ]


def test_the_calendar_is_bounded_and_costs_the_same_queries_however_much_is_in_it(
    client, site, monkeypatch
):
    for number in range(3):
        VacancyFactory(parent=site["jobs"], closes_at=in_days(1 + number))
        BulletinPostFactory(
            parent=site["bulletin"], consultation=True, deadline=in_days(1 + number), tags=["Data"]
        )
    few = count_queries(client, "/calendar.ics")
    for number in range(3, 12):
        VacancyFactory(parent=site["jobs"], closes_at=in_days(1 + number))
        BulletinPostFactory(
            parent=site["bulletin"], consultation=True, deadline=in_days(1 + number), tags=["Data"]
        )
    assert count_queries(client, "/calendar.ics") == few

    # Each app gives at most MAX_ENTRIES_PER_APP entries, soonest first.
    assert site_calendar.MAX_ENTRIES_PER_APP == 250
    monkeypatch.setattr(site_calendar, "MAX_ENTRIES_PER_APP", 5)
    found = list(read(client).walk("VEVENT"))
    assert len(found) == 10
    ends = sorted(entry.decoded("DTEND") for entry in found)
    assert ends[:2] == [in_days(1), in_days(1)]
    assert ends[-1] == in_days(5)


def test_the_bulletin_offers_the_site_calendar_beside_its_own(client, site):
    soup = BeautifulSoup(client.get("/bulletin/").content, "html.parser")
    links = [a["href"] for a in soup.select(".get-updates a")]
    assert "webcal://testserver/bulletin/calendar/" in links
    assert "webcal://testserver/calendar.ics" in links
    # The bulletin's own calendar still works and carries no vacancies.
    VacancyFactory(parent=site["jobs"], title="Advice Worker", closes_at=in_days(3))
    BulletinPostFactory(
        parent=site["bulletin"], title="Youth survey", consultation=True, deadline=in_days(3)
    )
    own = Calendar.from_ical(client.get("/bulletin/calendar/").content)
    assert [str(e["SUMMARY"]) for e in own.walk("VEVENT")] == ["Deadline: Youth survey"]


def test_a_subscribed_client_gets_not_modified_until_an_entry_changes(client, site):
    post = BulletinPostFactory(
        parent=site["bulletin"], title="Youth survey", consultation=True, deadline=in_days(3)
    )
    VacancyFactory(parent=site["jobs"], title="Advice Worker", closes_at=in_days(9))
    first = client.get("/calendar.ics")
    etag, last_modified = first["ETag"], first["Last-Modified"]

    # A client polling with its copy's validators gets a 304 and no calendar.
    again = client.get("/calendar.ics", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get("/calendar.ics", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    # A new entry, an entry republished, and one unpublished each change the calendar.
    BulletinPostFactory(
        parent=site["bulletin"], title="Funding call", funding=True, deadline=in_days(5)
    )
    added = client.get("/calendar.ics", HTTP_IF_NONE_MATCH=etag)
    assert added.status_code == 200
    assert "Deadline: Funding call" in entries(Calendar.from_ical(added.content))
    post.save_revision().publish()
    republished = client.get("/calendar.ics", HTTP_IF_NONE_MATCH=added["ETag"])
    assert republished.status_code == 200
    post.unpublish()
    removed = client.get("/calendar.ics", HTTP_IF_NONE_MATCH=republished["ETag"])
    assert removed.status_code == 200
    assert "Deadline: Youth survey" not in entries(Calendar.from_ical(removed.content))
    # The bulletin's own calendar is conditional too.
    own = client.get("/bulletin/calendar/")
    assert client.get("/bulletin/calendar/", HTTP_IF_NONE_MATCH=own["ETag"]).status_code == 304


def test_the_cap_keeps_what_is_coming_before_the_recent_past(client, site, monkeypatch):
    monkeypatch.setattr(site_calendar, "MAX_ENTRIES_PER_APP", 3)
    for days in (-20, -10, -2, 4, 8, 30, 200):
        VacancyFactory(parent=site["jobs"], title=f"Job {days}", closes_at=in_days(days))
    found = entries(read(client))
    # The three soonest upcoming: nothing of the past while more is coming than the cap.
    assert {summary.split()[3] for summary in found} == {"4", "8", "30"}
    monkeypatch.setattr(site_calendar, "MAX_ENTRIES_PER_APP", 5)
    found = entries(read(client))
    # Then the latest of the recent past.
    assert {summary.split()[3] for summary in found} == {"-2", "4", "8", "30", "200"}


def test_the_window_is_whole_london_days(settings):
    # 00:30 on 29 March 2026 in London is still GMT; the window starts at a London midnight.
    now = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    since, until = site_calendar.window(now)
    assert since == datetime(2026, 2, 27, 0, 0, tzinfo=LONDON)
    assert until == datetime(2027, 3, 30, 0, 0, tzinfo=LONDON)
    # The same window all day, so a calendar does not change by the hour.
    assert site_calendar.window(now + timedelta(hours=22)) == (since, until)


def test_entries_are_written_to_the_standard_and_read_back_exactly(client, site):
    title = "Café, “quotes”; back\\slash and a very long title that goes on past one line " * 2
    post = BulletinPostFactory(
        parent=site["bulletin"],
        title=title.strip(),
        summary="Line one;\nline two, with ünïcödé — and more words to fold it " * 3,
        event=True,
        starts_at=in_days(6, hour=10),
        venue="Hall; rear entrance, ground floor",
        tags=["Data", "Health, care"],
    )
    response = client.get("/calendar.ics")
    # RFC 5545: CRLF line ends, no line over 75 octets, continuation lines start with a space.
    lines = response.content.split(b"\r\n")
    assert lines[-1] == b""
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        line.decode()  # folding never splits a UTF-8 character

    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == post.title
    assert (
        str(event["LOCATION"]) == "Hall; rear entrance, ground floor, 1 High Street London E1 1AA"
    )
    assert [str(name) for name in event["CATEGORIES"].cats] == ["Data", "Health, care"]
    assert str(event["DESCRIPTION"]) == f"{post.summary}\n\nhttp://testserver{post.url}"
    # The address built from the page's path is the one Wagtail gives, on the request's host.
    assert str(event["URL"]) == f"http://testserver{post.url}"
    assert event.decoded("DTSTAMP") == post.last_published_at.replace(microsecond=0)
