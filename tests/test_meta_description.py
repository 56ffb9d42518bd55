"""Every page type has its own meta description (the editors' search description when set,
else the page's summary or introduction, else words of the view's own), a favicon, and
`datetime=` attributes that HTML accepts."""

from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.utils import timezone
from wagtail.models import Site

from hub.models import NetworkSettings
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.factories import StandardPageFactory
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.members.factories import OrganisationFactory, make_directory

pytestmark = pytest.mark.django_db


def description(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    tags = BeautifulSoup(response.content, "html.parser").select('meta[name="description"]')
    assert len(tags) == 1, f"{url} has {len(tags)} meta descriptions"
    return tags[0]["content"]


@pytest.fixture
def network(home):
    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    network.tagline = "Working together for equality in London"
    network.save()
    return network


def test_home_page_and_listings_describe_themselves_by_their_introduction(client, home):
    home.intro = "<p>A network of <b>equality</b> groups &amp; charities.</p>"
    home.save_revision().publish()
    BulletinIndexPageFactory(parent=home, intro="<p>News and opportunities.</p>")
    JobsIndexPageFactory(parent=home, intro="<p>Vacancies at member organisations.</p>")
    make_directory(home)

    assert description(client, "/") == "A network of equality groups & charities."
    assert description(client, "/bulletin/") == "News and opportunities."
    assert description(client, "/bulletin/?kind=funding") == "News and opportunities."
    assert description(client, "/jobs/") == "Vacancies at member organisations."
    assert description(client, "/members/") == "Our members."


def test_search_description_wins_over_the_summary(client, home):
    bulletin = BulletinIndexPageFactory(
        parent=home, search_description="Funding, events and news for London's groups."
    )
    post = BulletinPostFactory(parent=bulletin, summary="What the forum is about.")
    jobs = JobsIndexPageFactory(parent=home)
    vacancy = VacancyFactory(parent=jobs, summary="Run our advice line.")
    standard = StandardPageFactory(
        parent=home, intro="Who we are.", search_description="About the network."
    )

    assert description(client, "/bulletin/") == "Funding, events and news for London's groups."
    assert description(client, post.url) == "What the forum is about."
    assert description(client, vacancy.url) == "Run our advice line."
    assert description(client, standard.url) == "About the network."


def test_a_long_introduction_is_cut_at_a_word(client, home):
    home.intro = "<p>" + "equality " * 60 + "</p>"
    home.save_revision().publish()

    text = description(client, "/")

    assert len(text) <= 300
    assert text.endswith("equality…")


def test_organisation_profile_has_its_summary(client, home):
    make_directory(home)
    organisation = OrganisationFactory(
        name="Deaf Londoners", short_description="Run by Deaf people."
    )

    assert description(client, organisation.get_absolute_url()) == "Run by Deaf people."


def test_views_without_a_page_have_their_own_words(client, home, network):
    descriptions = {
        url: description(client, url)
        for url in (
            "/join/",
            "/join/thanks/",
            "/account/login/",
            "/account/password-reset/",
            "/account/password-reset/sent/",
            "/newsletter/thanks/",
            "/contact/sent/",
            "/search/",
            "/search/?q=forum",
        )
    }
    descriptions["not found"] = description(client, "/no-such-page/", status=404)

    assert descriptions["/join/"].startswith("Apply for your voluntary or community organisation")
    assert descriptions["/search/?q=forum"] == (
        "Pages, bulletin posts, vacancies and member organisations matching “forum”."
    )
    assert descriptions["not found"].startswith("We can’t find the page")
    # Each its own, none the network's catch-all.
    assert len(set(descriptions.values())) == len(descriptions)
    assert network.tagline not in descriptions.values()


def test_a_page_with_nothing_to_say_falls_back_on_the_network_tagline(client, home, network):
    standard = StandardPageFactory(parent=home, intro="")

    assert description(client, standard.url) == network.tagline


def test_a_view_without_words_of_its_own_falls_back_on_the_network_tagline(rf, home, network):
    request = rf.get("/anything/")
    template = Template("{% load hub_tags %}{% page_description %}")
    assert template.render(Context({"request": request})) == network.tagline


def test_every_page_names_its_favicon_and_favicon_ico_leads_to_one(client, home):
    html = BeautifulSoup(client.get("/").content, "html.parser")
    icon = html.select_one('link[rel="icon"]')
    assert icon["type"] == "image/svg+xml"
    assert finders.find("img/favicon.svg")

    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.ico"
    assert finders.find("img/favicon.ico")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Summer time: the London offset, and no fraction of a second.
        (datetime(2026, 6, 1, 16, 0, 5, 430118, tzinfo=UTC), "2026-06-01T17:00:05+01:00"),
        (datetime(2026, 11, 23, 8, 54, 44, 430118, tzinfo=UTC), "2026-11-23T08:54:44+00:00"),
        (date(2026, 11, 23), "2026-11-23"),
        (None, ""),
    ],
)
def test_iso_datetime_writes_what_html_accepts(value, expected):
    template = Template("{% load time_tags %}{{ value|iso_datetime }}")

    with timezone.override("Europe/London"):
        assert template.render(Context({"value": value})) == expected


def test_pages_carry_datetimes_without_fractions_of_a_second(client, home):
    bulletin = BulletinIndexPageFactory(parent=home)
    published = datetime(2026, 11, 23, 8, 54, 44, 430118, tzinfo=UTC)
    post = BulletinPostFactory(parent=bulletin, first_published_at=published)

    html = BeautifulSoup(client.get(post.url).content, "html.parser")

    assert "2026-11-23T08:54:44+00:00" in [t["datetime"] for t in html.select("time")]


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/newsletter/confirm/not-a-token/", 400, "This newsletter link has expired"),
        ("/newsletter/unsubscribe/not-a-token/", 400, "This newsletter link has expired"),
        ("/account/invitations/not-a-token/", 400, "This invitation link cannot be used"),
        ("/account/password-reset/done/", 200, "Your password has been changed"),
    ],
)
def test_pages_reached_from_emails_describe_themselves(client, network, url, status, words):
    said = description(client, url, status)
    assert said.startswith(words)
    assert said != network.tagline
