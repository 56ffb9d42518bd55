"""Page URLs from `url_path` alone, for responses that list hundreds of pages (calendars,
sitemaps): `Page.get_url` and `get_full_url` look up the site root paths and reverse the serve
URL once a page, which cost more than the rest of such a response. (The site does not translate
pages, so there is no language prefix; WAGTAIL_APPEND_SLASH keeps its default.)"""

from django.urls import reverse
from django.utils.encoding import iri_to_uri
from wagtail.models import Site


class PageUrls:
    """The URLs of pages of any site, with the site root paths and the serve prefix read once."""

    def __init__(self, request):
        self.origin = request.build_absolute_uri("/")[:-1]
        site = Site.find_for_request(request)
        self.current = site.pk if site else None
        roots = Site.get_site_root_paths()
        self.single = len({root.site_id for root in roots}) == 1
        # The request's own site first, as `Page.get_url` prefers it for a page under several.
        self.roots = sorted(roots, key=lambda root: root.site_id != self.current)
        self.prefix = reverse("wagtail_serve", args=("",))

    def parts(self, url_path):
        """(site root path, the page's path from the serve root), or None if it has no site."""
        for root in self.roots:
            if url_path.startswith(root.root_path):
                return root, self.prefix + iri_to_uri(url_path[len(root.root_path) :])
        return None

    def __call__(self, url_path):
        """As `request.build_absolute_uri(page.get_url(request))`: on the request's own host
        for a page of the request's site (or of the only site)."""
        if (found := self.parts(url_path)) is None:
            return ""
        root, path = found
        if self.single or root.site_id == self.current:
            return self.origin + path
        return root.root_url + path

    def full(self, url_path):
        """As `page.get_full_url(request)`: the site's own root URL."""
        if (found := self.parts(url_path)) is None:
            return None
        root, path = found
        return root.root_url + path
