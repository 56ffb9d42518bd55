"""sitemap.xml for search engines: an index of paginated sections, so no response grows with
the site. `/sitemap.xml` lists `/sitemap-pages.xml?p=1…n`, each with its latest change; each
page of a section holds `PAGES_PER_SITEMAP` pages and the URLs they add (a directory page adds
its organisations' profiles), far under the 50,000 URLs a sitemap may hold. The sitemap for
people (`/sitemap/`) is separate: `hub.views.html_sitemap`."""

from django.db.models import Max
from django.urls import path
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views

#: Wagtail pages in one page of the sitemap. Rendering costs a little per URL, so a smaller page
#: keeps every response quick; crawlers follow the index to the rest.
PAGES_PER_SITEMAP = 250


class PageSitemap(Sitemap):
    """Every live, public page of the request's site, in tree order, a page at a time."""

    limit = PAGES_PER_SITEMAP

    def pages(self):
        return self.get_wagtail_site().root_page.get_descendants(inclusive=True).live().public()

    def get_latest_lastmod(self):
        """One aggregate query, where Django's default reads every item."""
        return self.pages().aggregate(latest=Max("last_published_at"))["latest"]


SECTIONS = {"pages": PageSitemap}


@require_GET
def index(request):
    return wagtail_sitemap_views.index(request, SECTIONS, sitemap_url_name="sitemap_section")


@require_GET
def section(request, section):
    return wagtail_sitemap_views.sitemap(request, SECTIONS, section=section)


urlpatterns = [
    path("sitemap.xml", index, name="sitemap"),
    path("sitemap-<slug:section>.xml", section, name="sitemap_section"),
]
