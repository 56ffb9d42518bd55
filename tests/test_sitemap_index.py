"""sitemap.xml is an index of paginated sections: no response grows with the site."""

from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.sitemaps import Sitemap

from hub.sitemaps import PageSitemap
from tests.factories import StandardPageFactory
from tests.members.factories import OrganisationFactory, make_directory

pytestmark = pytest.mark.django_db
NAMESPACE = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PER_PAGE = 4


@pytest.fixture(autouse=True)
def small_sitemap_pages(monkeypatch):
    monkeypatch.setattr(PageSitemap, "limit", PER_PAGE)


def add_pages(home, count, start=0):
    for n in range(start, start + count):
        StandardPageFactory(
            parent=home,
            title=f"Page {n}",
            slug=f"page-{n}",
            last_published_at=datetime(2026, 1, 1 + n % 28, tzinfo=UTC),
        )


def read(response, path):
    assert response.status_code == 200, response.status_code
    return [
        node.text
        for node in ElementTree.fromstring(response.content).iterfind(path, NAMESPACE)  # noqa: S314 -- our own response
    ]


def locations(client, url):
    return read(client.get(url), ".//sm:loc")


def test_the_index_lists_every_page_of_the_section_with_its_latest_change(client, home):
    add_pages(home, 9)  # with the home page: 10 pages, so 3 sitemap pages of 4
    StandardPageFactory(parent=home, title="Draft", slug="draft", live=False)
    response = client.get("/sitemap.xml")
    assert read(response, ".//sm:sitemap/sm:loc") == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-pages.xml?p=2",
        "http://testserver/sitemap-pages.xml?p=3",
    ]
    assert set(read(response, ".//sm:sitemap/sm:lastmod")) == {"2026-01-09T00:00:00+00:00"}
    assert response["Last-Modified"] == "Fri, 09 Jan 2026 00:00:00 GMT"

    pages = [locations(client, f"/sitemap-pages.xml?p={n}") for n in (1, 2, 3)]
    assert [len(page) for page in pages] == [4, 4, 2]
    found = [location for page in pages for location in page]
    assert sorted(found) == sorted(
        ["http://localhost/", *(f"http://localhost/page-{n}/" for n in range(9))]
    )
    assert client.get("/sitemap-pages.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_page_published_again_moves_the_index_lastmod(client, home):
    add_pages(home, 2)
    page = StandardPageFactory(parent=home, slug="late")
    page.save_revision().publish()
    page.refresh_from_db()
    response = client.get("/sitemap.xml")
    assert read(response, ".//sm:sitemap/sm:lastmod") == [page.last_published_at.isoformat()]


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_index_and_a_sitemap_page_cost_the_same_queries_at_any_size(client, home):
    add_pages(home, 5)
    small = queries(client, "/sitemap.xml"), queries(client, "/sitemap-pages.xml?p=2")
    add_pages(home, 45, start=5)
    large = queries(client, "/sitemap.xml"), queries(client, "/sitemap-pages.xml?p=2")
    assert small == large
    assert len(client.get("/sitemap.xml").content) < 4000
    assert len(locations(client, "/sitemap-pages.xml?p=13")) == 3  # 51 pages, 4 a page


def test_a_sitemap_page_lists_what_wagtails_own_sitemap_would(client, home, monkeypatch):
    """Built from page rows, not page objects, yet the same document: every page's address and
    date, and the directory's organisation profiles, which only the page type knows."""
    add_pages(home, 3)
    directory = make_directory(home)
    OrganisationFactory(name="Peckham Food Bank")
    OrganisationFactory(name="Lewisham Law Centre")
    StandardPageFactory(parent=directory, title="Under members", slug="under-members")
    StandardPageFactory(parent=home, title="Draft", slug="draft", live=False)
    ours = [client.get(f"/sitemap-pages.xml?p={n}") for n in (1, 2)]
    found = locations(client, "/sitemap-pages.xml?p=2")
    assert "http://localhost/members/peckham-food-bank/" in found

    def wagtail_items(sitemap):
        return sitemap.pages().order_by("path").defer_streamfields().specific()

    monkeypatch.setattr(PageSitemap, "items", wagtail_items)
    monkeypatch.setattr(PageSitemap, "_urls", Sitemap._urls)
    for number, response in zip((1, 2), ours, strict=True):
        wagtails = client.get(f"/sitemap-pages.xml?p={number}")
        assert response.content == wagtails.content
        assert response.get("Last-Modified") == wagtails.get("Last-Modified")
