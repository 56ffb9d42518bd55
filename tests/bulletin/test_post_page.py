"""A post's own page: what readers see, social meta, schema.org Event data."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from bulletin.choices import AttendanceMode
from hub.models import NetworkSettings
from tests.bulletin.factories import BulletinPostFactory, in_days

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup):
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_funding_call_shows_its_facts_and_call_to_action(client, bulletin):
    BulletinPostFactory(
        parent=bulletin, slug="wave-4", funding=True, deadline=in_days(3), tags=["Grants"]
    )
    soup = soup_of(client, "/bulletin/wave-4/")
    assert len(soup.select("h1")) == 1
    facts = " ".join(soup.select_one(".bulletin-facts").get_text(" ").split())
    assert "Funder London Community Response" in facts
    assert "Grant size £1,000 to £10,000" in facts
    assert "Who can apply Charitable groups working with Londoners." in facts
    assert "How to apply Apply online." in facts
    assert soup.select_one("a.button").get_text() == "Apply"
    assert soup.select_one("a.button")["href"] == "https://funder.example.org/apply"
    assert "Closing soon" in soup.select_one(".bulletin-when").get_text()
    assert soup.select_one('.bulletin-tags a[href="/bulletin/tag/grants/"]')
    assert not soup.select('script[type="application/ld+json"]')


def test_open_graph_and_twitter_meta(client, bulletin, image):
    BulletinPostFactory(
        parent=bulletin,
        slug="shared",
        title="Shared post",
        summary="Why it matters.",
        listing_image=image,
        listing_image_alt="People around a table",
    )
    soup = soup_of(client, "/bulletin/shared/")

    def meta(key):
        tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
        return tag["content"]

    assert meta("og:title") == "Shared post"
    assert meta("og:description") == "Why it matters."
    assert meta("description") == "Why it matters."
    assert meta("og:url") == "http://testserver/bulletin/shared/"
    assert meta("og:image").startswith("http://testserver/")
    assert "fill-1200x630" in meta("og:image")
    assert meta("og:image:alt") == "People around a table"
    assert meta("twitter:card") == "summary_large_image"
    assert meta("twitter:image") == meta("og:image")


def test_in_person_event_json_ld(client, bulletin):
    post = BulletinPostFactory(parent=bulletin, slug="open-day", title="Open day", event=True)
    data = json_ld(soup_of(client, "/bulletin/open-day/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Open day"
    assert data["startDate"] == post.starts_at.astimezone(post.starts_at.tzinfo).isoformat()
    assert data["endDate"].endswith(("+00:00", "+01:00"))
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "Community Hall",
        "address": "1 High Street, London, E1 1AA",
    }
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Network Hub",
        "url": "http://testserver/",
    }
    assert data["url"] == "http://testserver/bulletin/open-day/"


def test_online_event_json_ld_uses_a_virtual_location(client, bulletin):
    BulletinPostFactory(
        parent=bulletin,
        slug="webinar",
        online_event=True,
    )
    data = json_ld(soup_of(client, "/bulletin/webinar/"))
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/webinar",
    }


def test_mixed_event_json_ld_lists_both_locations_and_the_network_as_organiser(client, bulletin):
    settings = NetworkSettings.for_site(bulletin.get_site())
    settings.network_name = "HEAR Network"
    settings.save()
    BulletinPostFactory(
        parent=bulletin,
        slug="hybrid",
        event=True,
        attendance_mode=AttendanceMode.MIXED,
        online_url="https://meet.example.org/hybrid",
    )
    data = json_ld(soup_of(client, "/bulletin/hybrid/"))
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    assert data["organizer"]["name"] == "HEAR Network"


def test_json_ld_cannot_be_broken_out_of_by_editor_text(client, bulletin):
    BulletinPostFactory(
        parent=bulletin,
        slug="sneaky",
        event=True,
        title="</script><script>alert(1)</script>",
        summary="Fish & chips",
    )
    response = client.get("/bulletin/sneaky/")
    html = response.content.decode()
    assert "</script><script>alert(1)" not in html
    data = json_ld(BeautifulSoup(html, "html.parser"))
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["description"] == "Fish & chips"


def test_event_page_shows_time_place_access_and_add_to_calendar(client, bulletin):
    BulletinPostFactory(
        parent=bulletin,
        slug="workshop",
        title="Workshop",
        event=True,
        bsl_interpreted=True,
        access_notes="Quiet room available.",
        deadline=in_days(3),
        starts_at=in_days(5, hour=10),
    )
    soup = soup_of(client, "/bulletin/workshop/")
    facts = " ".join(soup.select_one(".bulletin-facts").get_text(" ").split())
    assert "How to attend In person" in facts
    assert "Where Community Hall 1 High Street London E1 1AA" in facts
    assert "Step-free access" in facts and "BSL interpretation" in facts
    assert "Quiet room available." in facts
    assert "Registration closes" in facts
    assert "Registration closes" in soup.select_one(".bulletin-when").get_text()
    link = soup.select_one('a[href="/bulletin/workshop/calendar/"]')
    assert link.get_text() == "Add to calendar: Workshop (.ics)"


def test_related_posts_are_linked(client, bulletin):
    BulletinPostFactory(parent=bulletin, slug="a", tags=["Data"])
    BulletinPostFactory(parent=bulletin, slug="b", title="Data guide", tags=["Data"])
    soup = soup_of(client, "/bulletin/a/")
    related = soup.select_one(".bulletin-related")
    assert related.select_one("a")["href"] == "/bulletin/b/"
    assert related.select_one("a").get_text() == "Data guide"


def test_event_with_no_end_and_no_body(client, bulletin):
    BulletinPostFactory(
        parent=bulletin,
        slug="drop-in",
        title="Drop-in",
        event=True,
        starts_at=in_days(5, hour=10),
        ends_at=None,
        body=[],
    )
    soup = soup_of(client, "/bulletin/drop-in/")
    assert soup.select_one(".bulletin-facts time").get_text().endswith(", 10am")
    data = json_ld(soup)
    assert "endDate" not in data
    assert data["startDate"].endswith(("T10:00:00+00:00", "T10:00:00+01:00"))
    assert client.get("/bulletin/drop-in/calendar/").status_code == 200


def test_a_midnight_deadline_is_the_end_of_the_day_before(client, bulletin):
    deadline = in_days(4, hour=0)
    BulletinPostFactory(parent=bulletin, slug="survey", consultation=True, deadline=deadline)
    soup = soup_of(client, "/bulletin/survey/")
    day_before = timezone.localtime(deadline) - timedelta(days=1)
    expected = f"{day_before:%A} {day_before.day} {day_before:%B %Y}"
    assert soup.select_one(".bulletin-when time").get_text() == (
        f"Closes midnight at the end of {expected} (in 3 days)"
    )
    facts = " ".join(soup.select_one(".bulletin-facts").get_text(" ").split())
    assert f"Deadline midnight at the end of {expected} (London time)" in facts


def test_a_closed_funding_call_leads_with_a_notice_and_invites_nothing(client, bulletin):
    deadline = in_days(-2)
    BulletinPostFactory(parent=bulletin, slug="closed-call", funding=True, deadline=deadline)
    soup = soup_of(client, "/bulletin/closed-call/")
    local = timezone.localtime(deadline)
    notice = soup.select_one("article .notice[role=status]")
    assert notice.get_text(strip=True) == (
        f"This funding call closed at 5pm on {local:%A} {local.day} {local:%B %Y}."
    )
    # The notice comes before the summary, and nothing invites action any more.
    assert soup.select_one("article > .notice + .lead")
    assert soup.select("a.button") == []
    assert not soup.find("a", string=lambda text: text and "Add to calendar" in text)


def test_an_event_whose_registration_closed_keeps_its_calendar_until_it_ends(client, bulletin):
    BulletinPostFactory(
        parent=bulletin,
        slug="full",
        event=True,
        deadline=in_days(-1),
        starts_at=in_days(5, hour=10),
        cta_text="Register",
        cta_url="https://example.org/register",
    )
    soup = soup_of(client, "/bulletin/full/")
    assert (
        soup.select_one(".notice")
        .get_text(strip=True)
        .startswith("Registration for this event closed at 5pm on ")
    )
    assert soup.select("a.button") == []
    assert soup.select_one('a[href="/bulletin/full/calendar/"]')


def test_an_ended_event_says_so_without_a_call_to_action_or_calendar(client, bulletin):
    BulletinPostFactory(
        parent=bulletin,
        slug="past",
        event=True,
        starts_at=in_days(-3, hour=10),
        ends_at=in_days(-3, hour=12),
        cta_text="Register",
        cta_url="https://example.org/register",
    )
    soup = soup_of(client, "/bulletin/past/")
    day = timezone.localtime(in_days(-3))
    assert soup.select_one(".notice").get_text(strip=True) == (
        f"This event ended on {day:%A} {day.day} {day:%B %Y}."
    )
    assert soup.select("a.button") == []
    assert not soup.select('a[href="/bulletin/past/calendar/"]')


def test_an_open_item_has_no_notice(client, bulletin):
    BulletinPostFactory(parent=bulletin, slug="open-call", funding=True, deadline=in_days(3))
    soup = soup_of(client, "/bulletin/open-call/")
    assert soup.select(".notice") == []
    assert soup.select_one("a.button")
