"""The anonymous page cache (hub.pagecache): anonymous visitors get stored pages with no query,
and never a page that is someone's own; publishing, settings and closing dates retire them."""

import re
import time
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from hub import pagecache
from hub.generation import GENERATION_KEY, content_changed, next_deadline
from hub.models import NetworkSettings
from newsletter.models import Digest
from tests.bulletin.factories import BulletinPostFactory, make_bulletin
from tests.factories import UserFactory
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


def use_cache(settings, default):
    settings.CACHES = {"default": default, "ratelimit": DUMMY}
    cache.clear()


@pytest.fixture
def page_cache(settings):
    use_cache(
        settings,
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache"},
    )
    yield cache
    cache.clear()


@pytest.fixture
def bulletin(page_cache):
    index = make_bulletin()
    # The first visit creates the site settings' rows, which (as any settings save) retires
    # every cached page: start from there.
    Client().get("/")
    cache.clear()
    return index


@pytest.fixture
def post(bulletin):
    return BulletinPostFactory(parent=bulletin, title="Park clean-up on Saturday")


def served(response):
    return response.get(pagecache.HEADER)


def closing_soon(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".home-deadlines .card__title a")]


def without_tokens(content):
    return TOKEN.sub(b"", content)


def test_a_second_anonymous_visit_is_served_without_a_query(
    client, post, django_assert_num_queries
):
    first = client.get(post.url)
    assert served(first) == "miss"
    with django_assert_num_queries(0):
        second = Client().get(post.url)
    assert served(second) == "hit"
    assert second.status_code == 200
    assert int(second["Age"]) >= 0
    # The same page, but each visitor's forms carry their own CSRF token.
    assert without_tokens(second.content) == without_tokens(first.content)
    assert b"Park clean-up on Saturday" in second.content
    # Security headers from below the cache are stored with the page; those above it are added.
    for header in ["X-Frame-Options", "Content-Security-Policy", "Referrer-Policy"]:
        assert second[header] == first[header]


def test_a_form_on_a_cached_page_works_with_the_visitors_own_token(client, bulletin):
    """The footer's newsletter sign-up is on every page: its token is each visitor's own."""
    assert served(Client().get("/")) == "miss"
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get("/")
        assert served(response) == "hit"
        assert "csrftoken" in response.cookies
        (token,) = set(TOKEN.findall(response.content)) or {None}
        tokens.append(token)
        answer = visitor.post(
            "/newsletter/", {"csrfmiddlewaretoken": token.decode(), "footer-email": "x"}
        )
        assert answer.status_code != 403
    assert tokens[0] != tokens[1]
    # Without the visitor's cookie the token is refused, as on any uncached page.
    stranger = Client(enforce_csrf_checks=True)
    assert stranger.post("/newsletter/", {"csrfmiddlewaretoken": tokens[0]}).status_code == 403


def test_a_member_never_gets_a_cached_page_nor_leaves_one(bulletin, post):
    member = Client()
    member.force_login(UserFactory())
    for _ in range(2):
        response = member.get(post.url)
        assert served(response) is None
        assert b"Log out" in response.content
    anonymous = Client().get(post.url)
    assert served(anonymous) == "miss"
    assert b"Log out" not in anonymous.content
    assert served(member.get(post.url)) is None
    assert b"Log out" not in Client().get(post.url).content


def test_a_published_change_shows_on_the_next_visit(client, post):
    client.get(post.url)
    assert served(client.get(post.url)) == "hit"
    post.title = "Park clean-up moved to Sunday"
    post.save_revision().publish()
    response = client.get(post.url)
    assert served(response) == "miss"
    assert b"Park clean-up moved to Sunday" in response.content


def test_an_unpublished_page_is_gone_at_once(client, post):
    client.get(post.url)
    post.unpublish()
    response = client.get(post.url)
    assert response.status_code == 404
    assert served(client.get(post.url)) == "miss"  # 404s are not stored


def test_site_settings_snippets_and_sent_issues_retire_pages(client, post):
    client.get(post.url)
    generation = cache.get(GENERATION_KEY)
    NetworkSettings.objects.get().save()
    assert served(client.get(post.url)) == "miss"
    assert served(client.get(post.url)) == "hit"
    # A member organisation is a snippet: the directory and its profile show it.
    OrganisationFactory()
    assert served(client.get(post.url)) == "miss"
    assert served(client.get(post.url)) == "hit"
    # A newsletter issue is a record outside the page tree: its app retires pages itself.
    now = timezone.now()
    Digest.objects.create(
        number=1, period_start=now, period_end=now + timedelta(days=7), subject="Issue 1"
    )
    assert served(client.get(post.url)) == "miss"
    assert cache.get(GENERATION_KEY) > generation


def test_an_item_leaves_the_open_listing_at_its_closing_moment(client, bulletin):
    closes = timezone.now() + timedelta(seconds=3)
    BulletinPostFactory(
        parent=bulletin, title="Survey closing now", consultation=True, deadline=closes
    )
    assert "Survey closing now" in closing_soon(client.get("/"))
    hit = client.get("/")
    assert served(hit) == "hit"
    assert "Survey closing now" in closing_soon(hit)
    generation = cache.get(GENERATION_KEY)
    assert pagecache.entry_timeout(generation) <= 3
    time.sleep(max(0, (closes - timezone.now()).total_seconds()) + 0.2)
    after = client.get("/")
    assert served(after) == "miss"
    assert "Survey closing now" not in closing_soon(after)


def test_the_entry_timeout_is_the_next_deadline_or_the_setting(bulletin, settings):
    now = timezone.now()
    assert pagecache.entry_timeout("g1", now=now) == settings.PAGE_CACHE_SECONDS
    BulletinPostFactory(parent=bulletin, consultation=True, deadline=now + timedelta(seconds=100))
    assert pagecache.entry_timeout("g2", now=now) == 100
    # A post starts "closing soon" 14 days before it closes: pages change then too.
    later = now + timedelta(days=20)
    BulletinPostFactory(parent=bulletin, consultation=True, deadline=later)
    moment = (later - timedelta(days=14)).timestamp()
    assert next_deadline(now + timedelta(seconds=101)) == pytest.approx(moment)
    # Unpublished items do not count.
    BulletinPostFactory(
        parent=bulletin, consultation=True, deadline=now + timedelta(seconds=9), live=False
    )
    assert pagecache.entry_timeout("g3", now=now) == 100


def test_query_strings_are_separate_entries(client, bulletin):
    assert served(client.get("/search/?q=park")) == "miss"
    assert served(client.get("/search/?q=garden")) == "miss"
    assert served(client.get("/search/?q=park")) == "hit"


def test_head_is_answered_from_the_stored_get(client, post):
    body = client.get(post.url).content
    response = client.head(post.url)
    assert served(response) == "hit"
    assert response.content == b""
    assert int(response["Content-Length"]) == len(body)


def test_not_found_pages_are_not_stored(client, bulletin):
    for _ in range(2):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert served(response) == "miss"


def test_account_pages_are_never_cached(client, bulletin):
    for _ in range(2):
        response = client.get("/account/login/")
        assert served(response) is None
        assert "no-store" in response["Cache-Control"]


def test_a_visitor_with_messages_is_not_served_from_the_cache(client, post):
    client.get(post.url)
    client.cookies["messages"] = "anything"
    assert served(client.get(post.url)) is None


def test_a_conditional_request_on_a_hit_gets_its_304(client, post):
    url = "/bulletin/feed/rss/"
    first = client.get(url)
    assert served(first) == "miss"
    response = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert served(response) == "hit"
    assert response.status_code == 304


def test_pages_are_shared_through_redis(client, settings, post):
    use_cache(
        settings,
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/2",
        },
    )
    try:
        assert served(client.get(post.url)) == "miss"
        assert served(Client().get(post.url)) == "hit"
        redis = cache._cache.get_client()
        keys = redis.keys("*pagecache:page:*")
        assert len(keys) == 1
        assert 0 < redis.ttl(keys[0]) <= settings.PAGE_CACHE_SECONDS
        content_changed()
        assert served(Client().get(post.url)) == "miss"
    finally:
        cache.clear()


def test_zero_seconds_turns_the_cache_off(client, settings, post):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        assert served(client.get(post.url)) is None
