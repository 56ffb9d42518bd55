"""The site core as visitors meet it: pages, navigation, search, sitemap, robots and errors."""

import uuid

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from django.test import Client, override_settings

from hub.models import NetworkSettings
from tests.factories import StandardPageFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_home_page_has_one_h1_landmarks_and_skip_link(client, home):
    html = soup(client.get("/"))
    assert [h.get_text(strip=True) for h in html.find_all("h1")] == [home.title]
    assert html.find("a", class_="skip-link")["href"] == "#main-content"
    assert html.find("main")["id"] == "main-content"
    assert html.find("header") and html.find("footer")
    assert html.html["lang"] == "en-GB"


def test_every_asset_is_served_locally(client, home):
    html = soup(client.get("/"))
    urls = [tag.get("src") or tag.get("href") for tag in html.find_all(["script", "link", "img"])]
    assert urls, "expected at least the stylesheet"
    assert all(url.startswith("/") for url in urls if url), urls


def test_standard_page_renders_its_streamfield_body(client, home):
    page = StandardPageFactory(
        parent=home,
        title="Membership",
        slug="membership",
        body__0__paragraph="Membership is free for community groups.",
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = soup(response)
    assert html.find("h1").get_text() == "Membership"
    assert "Membership is free for community groups." in html.find("main").get_text()
    breadcrumb = html.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [a.get_text() for a in breadcrumb.find_all("a")] == ["Home", "Membership"]


def test_main_navigation_lists_menu_pages_in_tree_order_and_marks_the_current_one(client, home):
    StandardPageFactory(parent=home, title="About", slug="about", show_in_menus=True)
    StandardPageFactory(parent=home, title="Hidden", slug="hidden", show_in_menus=False)
    StandardPageFactory(parent=home, title="Contact", slug="contact", show_in_menus=True)
    html = soup(client.get("/contact/"))
    nav = html.find("nav", attrs={"aria-label": "Main"})
    assert [a.get_text() for a in nav.find_all("a")] == ["About", "Contact"]
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "Contact"


def test_main_navigation_follows_publishing_even_when_cached(client, home, settings):
    # A cache of this test's own: LocMemCache stores live on per LOCATION after the test.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(uuid.uuid4()),
        }
    }
    page = StandardPageFactory(parent=home, title="Events", slug="events", show_in_menus=True)
    assert "Events" in client.get("/").text
    page.unpublish()
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "Main"})
    assert nav is None or "Events" not in nav.get_text()


def test_site_settings_show_in_the_footer(client, home):
    network = NetworkSettings.for_site(home.get_site())
    network.network_name = "Equality Network London"
    network.contact_email = "hello@example.org"
    network.footer_text = "<p>Registered charity 1234567.</p>"
    network.social_links = [("link", {"service": "bluesky", "url": "https://bsky.app/x"})]
    network.save()
    footer = soup(client.get("/")).find("footer")
    text = footer.get_text(" ", strip=True)
    assert "Equality Network London" in text
    assert "Registered charity 1234567." in text
    assert footer.find("a", href="mailto:hello@example.org")
    assert footer.find("a", href="https://bsky.app/x").get_text() == "Bluesky"


def test_search_finds_pages_by_their_body_text(client, home):
    StandardPageFactory(
        parent=home, title="Hate crime", slug="hate-crime", body__0__paragraph="Report incidents"
    )
    StandardPageFactory(parent=home, title="Digital exclusion", slug="digital")
    response = client.get("/search/", {"q": "incidents"})
    html = soup(response)
    titles = [h.get_text(strip=True) for h in html.select(".search-results h2")]
    assert titles == ["Hate crime"]
    assert "1 result." in html.get_text()


def test_search_with_no_match_says_so_and_survives_odd_input(client, home):
    response = client.get("/search/", {"q": "zzqx", "page": "not-a-number"})
    assert response.status_code == 200
    assert "Nothing matches “zzqx”" in response.text
    assert client.get("/search/", {"q": '("&*'}).status_code == 200
    assert client.get("/search/").status_code == 200


def test_search_paginates(client, home):
    for n in range(12):
        StandardPageFactory(parent=home, title=f"Grant guide {n}", slug=f"grant-{n}")
    first = soup(client.get("/search/", {"q": "grant"}))
    assert len(first.select(".search-results > li")) == 10
    assert first.find("a", rel="next")["href"] == "?q=grant&page=2"
    second = soup(client.get("/search/", {"q": "grant", "page": "2"}))
    assert len(second.select(".search-results > li")) == 2


def test_sitemap_lists_live_pages(client, home):
    StandardPageFactory(parent=home, title="About", slug="about")
    StandardPageFactory(parent=home, title="Draft", slug="draft", live=False)
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

    def listed(url):
        response = client.get(url)
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        return [loc.text for loc in root.iterfind(".//sm:loc", namespace)]

    # sitemap.xml is an index; its one section lists the pages.
    [section] = listed("/sitemap.xml")
    locations = listed(section.removeprefix("http://localhost"))
    assert "http://localhost/about/" in locations
    assert not any("draft" in loc for loc in locations)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client, home):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/" in response.text
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def test_missing_page_gets_the_friendly_404(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = soup(response)
    assert html.find("h1").get_text() == "Page not found"
    assert html.find("form", attrs={"role": "search"})


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_server_error_gets_the_friendly_500(home):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.text
    assert "deliberate failure" not in response.text


def test_page_queries_do_not_grow_with_the_menu(client, home):
    for n in range(3):
        StandardPageFactory(parent=home, title=f"Menu page {n}", show_in_menus=True)
    with_three = count_queries(client, "/")
    for n in range(3, 12):
        StandardPageFactory(parent=home, title=f"Menu page {n}", show_in_menus=True)
    assert count_queries(client, "/") == with_three


def test_staff_reach_the_admin_and_members_do_not(client, home):
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    member = UserFactory()
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
