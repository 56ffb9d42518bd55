"""Posts sent by a member organisation: who it is from, on the page, in feeds and JSON-LD."""

import json

import feedparser
import pytest
from bs4 import BeautifulSoup

from members.models import MemberDirectoryPage, Organisation
from tests.bulletin.factories import BulletinPostFactory, make_posts
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(bulletin):
    bulletin.get_parent().add_child(instance=MemberDirectoryPage(title="Members", slug="members"))
    return Organisation.objects.create(
        name="Partnership for Young London",
        slug="partnership-for-young-london",
        short_description="Young people's policy network.",
        website="https://pyl.example.org/",
    )


def test_post_page_says_who_it_is_from_with_a_profile_link(client, bulletin, organisation):
    BulletinPostFactory(
        parent=bulletin, slug="survey", consultation=True, organisation=organisation
    )
    soup = BeautifulSoup(client.get("/bulletin/survey/").content, "html.parser")
    sender = soup.select_one(".bulletin-from")
    assert sender.get_text() == "From Partnership for Young London"
    assert sender.a["href"] == "/members/partnership-for-young-london/"


def test_unlisted_organisation_is_named_without_a_link(client, bulletin, organisation):
    organisation.status = Organisation.Status.LAPSED
    organisation.save()
    BulletinPostFactory(parent=bulletin, slug="survey", organisation=organisation)
    soup = BeautifulSoup(client.get("/bulletin/survey/").content, "html.parser")
    assert soup.select_one(".bulletin-from").get_text() == "From Partnership for Young London"
    assert soup.select_one(".bulletin-from a") is None


def test_event_organiser_is_the_member_organisation(client, bulletin, organisation):
    BulletinPostFactory(parent=bulletin, slug="workshop", event=True, organisation=organisation)
    soup = BeautifulSoup(client.get("/bulletin/workshop/").content, "html.parser")
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Partnership for Young London",
        "url": "https://pyl.example.org/",
    }


def test_feed_names_the_organisation(client, bulletin, organisation):
    BulletinPostFactory(parent=bulletin, title="Survey", organisation=organisation)
    feed = feedparser.parse(client.get("/bulletin/feed/atom/").content)
    assert feed.entries[0].author == "Partnership for Young London"
    assert "From Partnership for Young London" in feed.entries[0].summary
    soup = BeautifulSoup(client.get("/bulletin/").content, "html.parser")
    assert "From Partnership for Young London." in soup.select_one(".bulletin-card").get_text()


def test_organisations_do_not_add_queries_per_post(client, bulletin, organisation):
    make_posts(bulletin, 5)
    for post in bulletin.get_children().specific():
        post.organisation = organisation
        post.save()
    five = {url: count_queries(client, url) for url in ("/bulletin/", "/bulletin/feed/rss/", "/")}
    make_posts(bulletin, 45, start=5)
    for post in bulletin.get_children().specific():
        post.organisation = organisation
        post.save()
    assert {url: count_queries(client, url) for url in five} == five
