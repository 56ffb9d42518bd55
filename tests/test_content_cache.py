"""The content cache (hub.generation.remember): routes, site settings, rendered parts of pages,
feeds and calendars kept for everyone, logged in or not, with the anonymous page cache off.
Publishing, settings and closing dates retire them; nothing personal is kept."""

import re
import time
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from hub.models import NetworkSettings
from tests.bulletin.factories import BulletinPostFactory, make_bulletin
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"')
DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


@pytest.fixture
def content_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "content-cache",
        },
        "ratelimit": DUMMY,
    }
    settings.PAGE_CACHE_SECONDS = 0
    settings.CONTENT_CACHE_SECONDS = 300
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def bulletin(content_cache):
    index = make_bulletin()
    Client().get("/")  # makes the site settings' rows, which retires every copy
    return index


def without_tokens(content):
    return TOKEN.sub(b"", content)


def published(post):
    """A post published as an editor publishes it (factories skip the signals)."""
    post.save_revision().publish()
    return post


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(captured)


def titles(response, selector=".card__title a"):
    soup = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select(selector)]


def test_a_remembered_page_is_served_with_a_few_queries_and_the_same_content(bulletin):
    BulletinPostFactory.create_batch(3, parent=bulletin)
    client = Client()
    for url in ["/", bulletin.url]:
        first, built = queries(client, url)
        second, kept = queries(client, url)
        assert "X-Page-Cache" not in second  # the page cache is off
        assert without_tokens(second.content) == without_tokens(first.content)
        assert kept <= 6 < built, (url, built, kept)


def test_a_renamed_or_unpublished_page_is_routed_afresh(bulletin):
    post = BulletinPostFactory(parent=bulletin, title="Park clean-up", slug="park-clean-up")
    client = Client()
    assert client.get("/bulletin/park-clean-up/").status_code == 200
    post.slug = "park-clean-up-sunday"
    post.title = "Park clean-up on Sunday"
    post.save_revision().publish()
    assert client.get("/bulletin/park-clean-up/").status_code == 404
    renamed = client.get("/bulletin/park-clean-up-sunday/")
    assert "Park clean-up on Sunday" in renamed.content.decode()
    post.unpublish()
    assert client.get("/bulletin/park-clean-up-sunday/").status_code == 404


def test_a_moved_route_with_a_stale_copy_falls_back_to_walking_the_tree(bulletin):
    """A copy the generation did not retire (a page changed without a signal) is still checked
    against the page's own path before it is used."""
    post = BulletinPostFactory(parent=bulletin, title="Old name", slug="old-name")
    client = Client()
    assert client.get("/bulletin/old-name/").status_code == 200
    type(post).objects.filter(pk=post.pk).update(
        slug="new-name", url_path=post.url_path.replace("old-name", "new-name")
    )
    assert client.get("/bulletin/old-name/").status_code == 404


def test_a_published_post_shows_at_once_in_listings_and_feeds(bulletin):
    BulletinPostFactory(parent=bulletin, title="First post")
    client = Client()
    feed = f"{bulletin.url}feed/rss/"
    for url in [bulletin.url, feed, "/"]:
        client.get(url)
    published(BulletinPostFactory(parent=bulletin, title="Second post"))
    assert "Second post" in titles(client.get(bulletin.url))
    assert "Second post" in client.get(feed).content.decode()
    assert "Second post" in client.get("/").content.decode()


def test_a_member_gets_the_shared_listing_with_their_own_header(bulletin):
    BulletinPostFactory(parent=bulletin, title="Shared post")
    member = Client()
    member.force_login(UserFactory())
    as_member = member.get(bulletin.url)
    assert "Log out" in as_member.content.decode()
    as_visitor = Client().get(bulletin.url)
    assert "Log out" not in as_visitor.content.decode()
    assert titles(as_visitor) == titles(as_member) == ["Shared post"]
    # Private answers stay private though their middle part is shared.
    assert "no-store" in as_member["Cache-Control"]


def test_a_settings_change_shows_at_once(bulletin):
    client = Client()
    client.get(bulletin.url)
    settings = NetworkSettings.objects.get()
    settings.network_name = "Renamed Network"
    settings.save()
    assert "Renamed Network" in client.get(bulletin.url).content.decode()


def test_closing_soon_is_rebuilt_when_an_item_closes(bulletin):
    closes = timezone.now() + timedelta(seconds=2)
    BulletinPostFactory(
        parent=bulletin, title="Survey closing now", consultation=True, deadline=closes
    )
    client = Client()
    home = client.get("/")
    assert "Survey closing now" in titles(home, ".home-deadlines .card__title a")
    time.sleep(max(0, (closes - timezone.now()).total_seconds()) + 0.5)
    home = client.get("/")
    assert "Survey closing now" not in titles(home, ".home-deadlines .card__title a")


def test_with_the_content_cache_off_every_page_is_built(bulletin, settings):
    settings.CONTENT_CACHE_SECONDS = 0
    cache.clear()
    client = Client()
    client.get(bulletin.url)
    _, again = queries(client, bulletin.url)
    assert again > 6
    assert not any("content:" in key or "routing:" in key for key in cache._cache)


def test_a_page_made_private_leaves_the_kept_listings_at_once(bulletin):
    post = BulletinPostFactory(parent=bulletin, title="Members-only notice")
    client = Client()
    assert "Members-only notice" in titles(client.get(bulletin.url))
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)
    assert "Members-only notice" not in titles(client.get(bulletin.url))
    assert client.get(post.url).status_code == 302  # to the log-in page


def test_kept_calendars_and_feeds_answer_304_and_show_a_new_event_at_once(bulletin):
    published(BulletinPostFactory(parent=bulletin, title="Spring assembly", event=True))
    client = Client()
    for url in ["/calendar.ics", f"{bulletin.url}feed/rss/"]:
        first = client.get(url)
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304, url
        published(BulletinPostFactory(parent=bulletin, title=f"Summer fair {url}", event=True))
        changed = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert changed.status_code == 200, url
        assert changed["ETag"] != first["ETag"]
        assert f"Summer fair {url}" in changed.content.decode(), url


def test_a_preview_shows_the_draft_and_never_leaves_it_for_the_public(bulletin):
    post = BulletinPostFactory(parent=bulletin, title="Published title", summary="Public words.")
    site = post.get_site()  # a preview is a request to the site's own host
    client = Client(HTTP_HOST=site.hostname if site.port == 80 else f"{site.hostname}:{site.port}")
    assert "Public words." in client.get(post.url).content.decode()
    post.summary = "Draft words."
    preview = post.make_preview_request()
    assert "Draft words." in preview.content.decode()
    public = client.get(post.url).content.decode()
    assert "Public words." in public
    assert "Draft words." not in public
    cache.clear()  # a preview before any visit stores nothing either
    post.make_preview_request()
    assert "Draft words." not in client.get(post.url).content.decode()
