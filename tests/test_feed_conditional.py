"""Feed readers poll: a reader whose copy is current gets 304 Not Modified from one cheap query,
and any change it should see (a post published or unpublished, a vacancy closing) gets it the
new feed. Feeds hold a fixed number of items."""

from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bulletin.feeds import FEED_LENGTH as BULLETIN_FEED_LENGTH
from jobs.feeds import FEED_LENGTH as JOBS_FEED_LENGTH
from tests.bulletin.factories import BulletinPostFactory, make_bulletin, make_posts
from tests.jobs.factories import VacancyFactory, at, make_jobs_board

pytestmark = pytest.mark.django_db
BULLETIN_FEEDS = ["/bulletin/feed/rss/", "/bulletin/feed/atom/", "/bulletin/tag/data/feed/rss/"]


@pytest.fixture
def bulletin():
    index = make_bulletin()
    make_posts(index, 5)
    return index


def revalidate(client, url, response):
    """The reader's next poll: both validators, as most readers send them."""
    return client.get(
        url,
        headers={
            "If-None-Match": response["ETag"],
            "If-Modified-Since": response["Last-Modified"],
        },
    )


def reads_items(queries, length):
    """Whether any query read the feed's items (a page of `length` rows)."""
    return any(f"LIMIT {length}" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("url", BULLETIN_FEEDS)
def test_a_current_bulletin_feed_is_not_sent_again(client, bulletin, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    with CaptureQueriesContext(connection) as queries:
        again = revalidate(client, url, first)
    assert again.status_code == 304
    assert again.content == b""
    assert not reads_items(queries, BULLETIN_FEED_LENGTH)
    with CaptureQueriesContext(connection) as full:
        assert client.get(url).status_code == 200
    assert reads_items(full, BULLETIN_FEED_LENGTH)
    assert len(queries) < len(full)
    only_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert only_date.status_code == 304
    only_tag = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert only_tag.status_code == 304


@pytest.mark.parametrize("url", BULLETIN_FEEDS)
def test_a_new_post_reaches_a_reader_of_a_current_feed(client, bulletin, url):
    first = client.get(url)
    BulletinPostFactory(
        parent=bulletin,
        title="Fresh data news",
        tags=["Data"],
        first_published_at=timezone.now() + timedelta(minutes=5),
    )
    again = revalidate(client, url, first)
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert feedparser.parse(again.content).entries[0].title == "Fresh data news"


def test_an_unpublished_post_reaches_a_reader_of_a_current_feed(client, bulletin):
    url = "/bulletin/feed/rss/"
    first = client.get(url)
    assert "Post 2" in first.content.decode()
    bulletin.get_children().get(slug="post-2").specific.unpublish()
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert "Post 2" not in again.content.decode()


def test_the_bulletin_feed_holds_a_fixed_number_of_posts(client, bulletin):
    make_posts(bulletin, BULLETIN_FEED_LENGTH, start=5)
    feed = feedparser.parse(client.get("/bulletin/feed/rss/").content)
    assert len(feed.entries) == BULLETIN_FEED_LENGTH
    assert feed.entries[0].title == f"Post {BULLETIN_FEED_LENGTH + 4}"


@pytest.fixture
def jobs():
    board = make_jobs_board()
    now = timezone.now()
    VacancyFactory(parent=board, title="Cook", closes_at=now + timedelta(days=1))
    VacancyFactory(parent=board, title="Driver", closes_at=now + timedelta(days=10))
    return board


def test_a_current_jobs_feed_is_not_sent_again(client, jobs):
    first = client.get("/jobs/feed/")
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = revalidate(client, "/jobs/feed/", first)
    assert again.status_code == 304
    assert not reads_items(queries, JOBS_FEED_LENGTH)
    with CaptureQueriesContext(connection) as full:
        assert client.get("/jobs/feed/").status_code == 200
    assert reads_items(full, JOBS_FEED_LENGTH)
    assert len(queries) < len(full)
    filtered = client.get(
        "/jobs/feed/?contract=permanent", headers={"If-None-Match": first["ETag"]}
    )
    assert filtered.status_code == 200  # another feed, with another validator


@pytest.mark.parametrize(
    "validator", ["If-None-Match", "If-Modified-Since"], ids=["etag", "last-modified"]
)
def test_a_vacancy_closing_reaches_a_reader_of_a_current_jobs_feed(client, jobs, validator):
    first = client.get("/jobs/feed/")
    assert "Cook" in first.content.decode()
    header = {"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]}
    with at(timezone.now() + timedelta(days=2)):
        again = client.get("/jobs/feed/", headers={validator: header[validator]})
    assert again.status_code == 200
    assert "Cook" not in again.content.decode()
    assert "Driver" in again.content.decode()


def test_a_new_vacancy_reaches_a_reader_of_a_current_jobs_feed(client, jobs):
    first = client.get("/jobs/feed/")
    VacancyFactory(parent=jobs, title="Gardener", first_published_at=timezone.now())
    again = revalidate(client, "/jobs/feed/", first)
    assert again.status_code == 200
    assert "Gardener" in again.content.decode()


def test_the_jobs_feed_holds_a_fixed_number_of_vacancies(client, jobs):
    for n in range(JOBS_FEED_LENGTH):
        VacancyFactory(parent=jobs, title=f"Role {n}")
    feed = feedparser.parse(client.get("/jobs/feed/").content)
    assert len(feed.entries) == JOBS_FEED_LENGTH
