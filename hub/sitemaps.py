"""sitemap.xml for search engines: an index of paginated sections, so no response grows with
the site. `/sitemap.xml` lists `/sitemap-pages.xml?p=1…n`, each with its latest change; each
page of a section holds `PAGES_PER_SITEMAP` pages and the URLs they add (a directory page adds
its organisations' profiles), far under the 50,000 URLs a sitemap may hold. The sitemap for
people (`/sitemap/`) is separate: `hub.views.html_sitemap`."""

from hashlib import blake2b

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.urls import path
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.models import Page

from hub.generation import remember
from hub.page_urls import PageUrls

#: Wagtail pages in one page of the sitemap. Rendering costs a little per URL, so a smaller page
#: keeps every response quick; crawlers follow the index to the rest.
PAGES_PER_SITEMAP = 250


class PageSitemap(Sitemap):
    """Every live, public page of the request's site, in tree order, a page at a time.

    A page of the sitemap reads plain rows, not page objects, and builds each URL from the
    page's path (`hub.page_urls`): loading 250 specific pages and routing each one cost most of
    the response. Only page types with their own `get_sitemap_urls` (the member directory adds
    its profiles) are loaded as pages, in one query for the few on that sitemap page."""

    limit = PAGES_PER_SITEMAP

    def pages(self):
        return self.get_wagtail_site().root_page.get_descendants(inclusive=True).live().public()

    def items(self):
        return (
            self.pages()
            .order_by("path")
            .values_list(
                "pk",
                "url_path",
                "content_type_id",
                "last_published_at",
                "latest_revision_created_at",
                named=True,
            )
        )

    def get_latest_lastmod(self):
        """One aggregate query, where Django's default reads every item."""
        return self.pages().aggregate(latest=Max("last_published_at"))["latest"]

    def _urls(self, page, protocol, domain):
        rows = list(self.paginator.page(page).object_list)
        own = [row.pk for row in rows if has_own_sitemap_urls(row.content_type_id)]
        specific = Page.objects.filter(pk__in=own).specific().in_bulk() if own else {}
        page_urls = PageUrls(self.request)
        urls = []
        for row in rows:
            if row.pk in specific:
                urls += specific[row.pk].get_sitemap_urls(self.request)
            else:
                # As `Page.get_sitemap_urls`.
                lastmod = row.last_published_at or row.latest_revision_created_at
                urls.append({"location": page_urls.full(row.url_path), "lastmod": lastmod})
        last_mods = {url.get("lastmod") for url in urls}
        # As Wagtail's sitemap: the response's Last-Modified when every URL has one.
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def has_own_sitemap_urls(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model is not None and model.get_sitemap_urls is not Page.get_sitemap_urls


SECTIONS = {"pages": PageSitemap}


def remembered(request, build):
    """The rendered response, kept for everyone per host, address and content generation, and
    until the next deadline (an item closing leaves the sitemap)."""
    address = f"{request.get_host()}{request.get_full_path()}"
    key = "sitemap:" + blake2b(address.encode(), digest_size=16).hexdigest()
    return remember(key, lambda: build().render(), until_deadline=True)


@require_GET
def index(request):
    return remembered(
        request,
        lambda: wagtail_sitemap_views.index(request, SECTIONS, sitemap_url_name="sitemap_section"),
    )


@require_GET
def section(request, section):
    return remembered(
        request, lambda: wagtail_sitemap_views.sitemap(request, SECTIONS, section=section)
    )


urlpatterns = [
    path("sitemap.xml", index, name="sitemap"),
    path("sitemap-<slug:section>.xml", section, name="sitemap_section"),
]
