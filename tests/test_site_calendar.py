"""The site's calendar, /calendar.ics: bulletin events and deadlines and vacancies' closing
dates in one iCalendar feed, bounded to a month back and a year ahead."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from icalendar import Calendar

import bulletin.wagtail_hooks
import jobs.wagtail_hooks
from hub import calendar as site_calendar
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
    assert site_calendar.MAX_ENTRIES_PER_APP == 500
    monkeypatch.setattr(bulletin.wagtail_hooks, "MAX_ENTRIES_PER_APP", 5)
    monkeypatch.setattr(jobs.wagtail_hooks, "MAX_ENTRIES_PER_APP", 5)
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
