"""Issue 10: listing cards carry the deciding facts, "Get updates" explains feeds, calendars and
the newsletter where people meet them, posts and vacancies offer plain share links, and the
page carries what a printed copy needs (the browser tests check what print shows)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from bulletin.choices import AttendanceMode
from hub.models import NetworkSettings
from members.models import MemberDirectoryPage
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory, in_days
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulletin(home):
    return BulletinIndexPageFactory(parent=home)


@pytest.fixture
def jobs(home):
    return JobsIndexPageFactory(parent=home)


def soup(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def card_titled(html, title):
    return next(
        card for card in html.select("li.card") if card.select_one(".card__title a").string == title
    )


def labelled_facts(card):
    """{label: words} of a card's <dl>: each <dt> read with the <dd> that follows it."""
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in card.select("dl dt")
    }


# Listing cards


def test_a_funding_card_names_its_funder_and_grant_size(client, bulletin):
    BulletinPostFactory(
        parent=bulletin,
        title="Youth fund",
        funding=True,
        funder="A London community foundation",
        amount_min=2000,
        amount_max=15000,
    )
    BulletinPostFactory(
        parent=bulletin, title="Small grants", funding=True, amount_min=None, amount_max=5000
    )
    html = soup(client, "/bulletin/")
    assert labelled_facts(card_titled(html, "Youth fund")) == {
        "Funder": "A London community foundation",
        "Grant size": "£2,000 to £15,000",
    }
    assert labelled_facts(card_titled(html, "Small grants"))["Grant size"] == "Up to £5,000"


def test_an_event_card_says_how_to_attend_and_its_access_in_words(client, bulletin):
    BulletinPostFactory(
        parent=bulletin,
        title="Hate crime workshop",
        event=True,
        venue="Community Hall",
        step_free=True,
        bsl_interpreted=True,
        captioned=False,
    )
    BulletinPostFactory(
        parent=bulletin,
        title="Data webinar",
        online_event=True,
        step_free=False,
        captioned=True,
    )
    BulletinPostFactory(
        parent=bulletin,
        title="Open day",
        event=True,
        attendance_mode=AttendanceMode.MIXED,
        online_url="https://meet.example.org/open-day",
        step_free=False,
    )
    html = soup(client, "/bulletin/")

    workshop = card_titled(html, "Hate crime workshop")
    assert labelled_facts(workshop)["How to attend"] == "In person: Community Hall"
    labels = [li.get_text(strip=True) for li in workshop.select(".access-labels li")]
    assert labels == ["Step-free access", "BSL interpretation"]
    # The date is on the card too, with the event's status.
    assert workshop.select_one(".bulletin-when time")["datetime"] == in_days(20, 10).isoformat()
    assert workshop.select_one(".bulletin-when .status").get_text() == "Upcoming"

    webinar = labelled_facts(card_titled(html, "Data webinar"))
    assert webinar == {"How to attend": "Online", "Access": "Live captions"}
    open_day = labelled_facts(card_titled(html, "Open day"))
    assert open_day == {
        "How to attend": "In person and online: Community Hall",
        "Access": "Ask the organisers",
    }


def test_news_and_surveys_carry_no_empty_facts(client, bulletin):
    BulletinPostFactory(parent=bulletin, title="Report out")
    BulletinPostFactory(parent=bulletin, title="Youth survey", consultation=True)
    BulletinPostFactory(
        parent=bulletin,
        title="Fund, details to follow",
        funding=True,
        funder="",
        amount_min=None,
        amount_max=None,
    )
    html = soup(client, "/bulletin/")
    for title in ("Report out", "Youth survey", "Fund, details to follow"):
        assert card_titled(html, title).select(".card-facts") == [], title


def test_a_vacancy_card_labels_salary_hours_contract_place_and_closing_date(client, jobs):
    VacancyFactory(parent=jobs, title="Kitchen lead", closes_at=in_days(10))
    facts = labelled_facts(card_titled(soup(client, jobs.url), "Kitchen lead"))
    assert facts["Salary"] == "From £14.50 an hour"
    assert facts["Hours"] == "14 hours a week (part time)"
    assert facts["Contract"] == "Fixed term (6 months)"
    assert facts["Location"] == "London-wide, based in Peckham"
    assert facts["Closing date"].startswith("Closes 5pm, ")
    assert facts["Closing date"].endswith("(in 10 days)")


# Status and deadline on every card: related posts, the profile and search


def test_related_posts_show_status_and_deadline(client, bulletin):
    BulletinPostFactory(parent=bulletin, slug="report", title="Report", tags=["Youth"])
    BulletinPostFactory(
        parent=bulletin,
        title="Youth survey",
        consultation=True,
        deadline=in_days(4),
        tags=["Youth"],
    )
    BulletinPostFactory(
        parent=bulletin,
        title="Old youth fund",
        funding=True,
        deadline=in_days(-3),
        tags=["Youth"],
    )
    related = soup(client, "/bulletin/report/").select_one(".bulletin-related")
    survey = card_titled(related, "Youth survey")
    assert survey.select_one(".status").get_text() == "Closing soon: 4 days left"
    deadline = survey.select_one(".bulletin-when time")
    assert deadline["datetime"] == in_days(4).isoformat()
    assert deadline.get_text().startswith("Closes 5pm, ")
    assert card_titled(related, "Old youth fund").select_one(".status").get_text() == "Closed"


def test_the_profile_shows_status_and_deadline_of_posts_and_vacancies(client, home, bulletin, jobs):
    home.add_child(instance=MemberDirectoryPage(title="Members", slug="members"))
    organisation = OrganisationFactory(name="Deptford Law Centre")
    BulletinPostFactory(
        parent=bulletin,
        title="Advice survey",
        consultation=True,
        deadline=in_days(5),
        organisation=organisation,
    )
    VacancyFactory(parent=jobs, title="Adviser", organisation=organisation, closes_at=in_days(2))
    html = soup(client, organisation.get_absolute_url())
    survey = card_titled(html, "Advice survey")
    assert survey.select_one(".status").get_text() == "Closing soon: 5 days left"
    assert survey.select_one(".bulletin-when time")["datetime"] == in_days(5).isoformat()
    adviser = card_titled(html, "Adviser")
    assert adviser.select_one(".jobs-closing-soon").get_text(strip=True) == (
        "Closing soon: 2 days left"
    )
    assert labelled_facts(adviser)["Closing date"].endswith("(in 2 days)")


def test_search_results_show_status_and_deadline(client, bulletin, jobs):
    BulletinPostFactory(
        parent=bulletin, title="Lantern survey", consultation=True, deadline=in_days(6)
    )
    VacancyFactory(parent=jobs, title="Lantern keeper", closes_at=in_days(20))
    html = soup(client, "/search/", q="lantern")
    survey = card_titled(html, "Lantern survey")
    assert survey.select_one(".status").get_text() == "Closing soon: 6 days left"
    assert survey.select_one(".search-result__when time")["datetime"] == in_days(6).isoformat()
    keeper = card_titled(html, "Lantern keeper")
    assert keeper.select_one(".status").get_text() == "Open"
    assert (
        keeper.select_one(".search-result__when").get_text(" ", strip=True).endswith("(in 20 days)")
    )


# Get updates


def get_updates(html):
    block = html.select_one("section.get-updates")
    assert block.select_one("h2").get_text() == "Get updates"
    return block


def test_the_bulletin_explains_feeds_calendars_and_email_where_people_meet_them(client, bulletin):
    block = get_updates(soup(client, "/bulletin/"))
    links = {a.get_text(" ", strip=True): a["href"] for a in block.select("a")}
    assert links["RSS feed : All posts"] == "/bulletin/feed/rss/"
    assert links["Atom feed : All posts"] == "/bulletin/feed/atom/"
    subscribe = "Subscribe in your calendar app : the bulletin’s events and deadlines"
    assert links[subscribe] == "webcal://testserver/bulletin/calendar/"
    assert links["subscribe to the whole site’s calendar"] == "webcal://testserver/calendar.ics"
    assert block.select_one(".get-updates__address").get_text() == (
        "http://testserver/bulletin/calendar/"
    )
    instructions = block.select_one(".get-updates__howto").get_text(" ", strip=True)
    for calendar_app in ("Google Calendar:", "Outlook:", "Apple Calendar:"):
        assert calendar_app in instructions
    # Email comes from the newsletter app through the get_updates_sections hook.
    assert block.find("h3", string="By email")
    assert links["Sign up for the newsletter"] == "/newsletter/"
    # What the links lead to is really there.
    calendar = client.get("/bulletin/calendar/")
    assert calendar["Content-Type"].startswith("text/calendar")
    assert client.get("/bulletin/feed/atom/").status_code == 200


def test_a_filtered_bulletin_offers_that_kinds_feeds(client, bulletin):
    block = get_updates(soup(client, "/bulletin/kind/funding/"))
    feeds = [a["href"] for a in block.select('a[href*="/feed/"]')]
    assert feeds == ["/bulletin/kind/funding/feed/rss/", "/bulletin/kind/funding/feed/atom/"]


def test_the_jobs_board_offers_its_feed_and_the_site_calendar(client, jobs):
    VacancyFactory(parent=jobs, title="Kitchen lead")
    block = get_updates(soup(client, jobs.url))
    links = {a.get_text(" ", strip=True): a["href"] for a in block.select("a")}
    assert links["RSS feed : vacancies"] == "/jobs/feed/"
    assert not any(text.startswith("Atom") for text in links)
    assert "webcal://testserver/calendar.ics" in links.values()
    assert links["Sign up for the newsletter"] == "/newsletter/"
    calendar = client.get("/calendar.ics").content.decode()
    assert "Closing date: Kitchen lead" in calendar


# Share links


def share_links(html):
    block = html.select_one("section.share-links")
    return {a.get_text(strip=True): a["href"] for a in block.select("a")}


def query(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_a_post_offers_plain_share_links_with_its_address(client, bulletin):
    BulletinPostFactory(parent=bulletin, slug="fund", title="Youth & play fund", funding=True)
    html = soup(client, "/bulletin/fund/")
    links = share_links(html)
    address = "http://testserver/bulletin/fund/"
    assert list(links) == ["Email", "WhatsApp", "LinkedIn", "Bluesky", "Copy link"]
    assert links["Email"].startswith("mailto:?")
    assert query(links["Email"]) == {"subject": "Youth & play fund", "body": address}
    assert links["WhatsApp"].startswith("https://wa.me/?")
    assert query(links["WhatsApp"]) == {"text": f"Youth & play fund {address}"}
    assert links["LinkedIn"].startswith("https://www.linkedin.com/sharing/share-offsite/?")
    assert query(links["LinkedIn"]) == {"url": address}
    assert links["Bluesky"].startswith("https://bsky.app/intent/compose?")
    assert query(links["Bluesky"]) == {"text": f"Youth & play fund {address}"}
    assert links["Copy link"] == address
    assert html.select_one("section.share-links [role=status]") is not None
    # No third-party script: the only scripts are the site's own files and JSON-LD.
    for script in html.select("script[src]"):
        assert script["src"].startswith("/static/"), script
    assert html.select_one('script[src$="js/share.js"]')


def test_a_vacancy_offers_share_links_while_open_only(client, jobs):
    VacancyFactory(parent=jobs, slug="open-job", title="Open job")
    VacancyFactory(parent=jobs, slug="closed-job", title="Closed job", closes_at=in_days(-1))
    links = share_links(soup(client, "/jobs/open-job/"))
    assert links["Copy link"] == "http://testserver/jobs/open-job/"
    assert query(links["Email"])["subject"] == "Open job"
    assert soup(client, "/jobs/closed-job/").select("section.share-links") == []


def test_a_closed_post_offers_no_share_links(client, bulletin):
    BulletinPostFactory(parent=bulletin, slug="gone", funding=True, deadline=in_days(-1))
    assert soup(client, "/bulletin/gone/").select("section.share-links") == []


# What a printed copy needs (hidden on screen by the stylesheet; see the browser tests)


def test_a_post_carries_the_site_name_its_address_and_its_call_to_actions_address(
    client, bulletin, home
):
    network = NetworkSettings.for_site(home.get_site())
    network.network_name = "Lantern Network"
    network.save()
    BulletinPostFactory(parent=bulletin, slug="fund", funding=True)
    html = soup(client, "/bulletin/fund/")
    source = html.select_one(".print-source").get_text(" ", strip=True)
    assert source == "Lantern Network http://testserver/bulletin/fund/"
    button = html.select_one("a.button")
    assert button.find_next_sibling(class_="print-url").get_text(strip=True) == button["href"]
    assert html.select_one(".calendar-link a")["href"] == "/bulletin/fund/calendar/"


def test_a_vacancy_carries_the_address_of_its_apply_link(client, jobs):
    VacancyFactory(parent=jobs, slug="job", apply_url="https://apply.example.org/job-7")
    html = soup(client, "/jobs/job/")
    assert (
        html.select_one(".print-source")
        .get_text(" ", strip=True)
        .endswith("http://testserver/jobs/job/")
    )
    apply = html.select_one(".jobs-apply .print-url").get_text(strip=True)
    assert apply == "https://apply.example.org/job-7"
