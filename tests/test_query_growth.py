"""No cost that grows with the data: the pages the network reads most run the same number of
queries at 5 items as at 50, and the tags in use are worked out once, then kept until a post
is published or unpublished."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.bulletin.factories import BulletinPostFactory, make_bulletin, make_posts
from tests.factories import StandardPageFactory
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db
URLS = [
    "/bulletin/",
    "/bulletin/?kind=funding&status=open",
    "/bulletin/tag/data/",
    "/bulletin/feed/rss/",
    "/bulletin/tag/data/feed/atom/",
    "/jobs/feed/",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/calendar.ics",
    "/bulletin/calendar/",
]
# At 5 items a page of results gathers several sources (a query each); at 50, one fills it.
SEARCH = "/search/?q=post"


def grow_to(bulletin, jobs, size):
    made = bulletin.get_children().count()
    make_posts(bulletin, size - made, start=made)
    for n in range(jobs.get_children().count(), size):
        VacancyFactory(parent=jobs, title=f"Post worker {n}")
    for n in range(size - 1):
        StandardPageFactory(parent=bulletin.get_parent(), title=f"Post about {size}-{n}")


def test_queries_do_not_grow_with_the_content(client):
    bulletin = make_bulletin()
    jobs = JobsIndexPageFactory(parent=bulletin.get_parent())
    grow_to(bulletin, jobs, 5)
    small = {url: count_queries(client, url) for url in URLS}
    small_search = count_queries(client, SEARCH)
    grow_to(bulletin, jobs, 50)
    large = {url: count_queries(client, url) for url in URLS}
    assert large == small
    assert count_queries(client, SEARCH) <= small_search


def distinct_tag_queries(queries):
    return [
        q for q in queries.captured_queries if '"taggit_tag"' in q["sql"] and "DISTINCT" in q["sql"]
    ]


def test_the_tag_page_works_out_the_tags_in_use_once(client):
    make_posts(make_bulletin(), 5)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/bulletin/tag/data/").status_code == 200
    assert len(distinct_tag_queries(queries)) == 1


@pytest.fixture
def cache_on(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "h6"}
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def topics(client):
    page = BeautifulSoup(client.get("/bulletin/").content, "html.parser")
    return [option.get_text() for option in page.select("select[name=tag] option")][1:]


def test_the_tags_in_use_are_kept_until_a_post_is_published_or_unpublished(client, cache_on):
    bulletin = make_bulletin()
    make_posts(bulletin, 2)  # tagged Data, Funders and Youth
    assert topics(client) == ["Data", "Funders", "Youth"]
    with CaptureQueriesContext(connection) as queries:
        assert topics(client) == ["Data", "Funders", "Youth"]
    assert distinct_tag_queries(queries) == []

    post = BulletinPostFactory(parent=bulletin, title="Housing news", tags=["Housing"])
    post.save_revision().publish()
    assert topics(client) == ["Data", "Funders", "Housing", "Youth"]
    assert client.get("/bulletin/tag/housing/").status_code == 200

    post.unpublish()
    assert topics(client) == ["Data", "Funders", "Youth"]
    assert client.get("/bulletin/tag/housing/").status_code == 404
