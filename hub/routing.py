"""Wagtail's routing with its lookups remembered: which site answers a host, and which page
answers a path.

Wagtail finds the site with a query on every request, then walks the tree from the site's root
one slug at a time, two queries per level (the child, then its specific page): seven queries
for a post at /bulletin/<slug>/. Here both answers are remembered for the content generation
(hub.generation: publishing, moving or deleting pages and saving sites retire them), and a
remembered route costs one query, for the page itself, read fresh. The page is used only if
its `url_path` still ends where the path's slugs lead; otherwise Wagtail walks the tree as usual.
Wagtail takes the route from the request (`route_for_request`), so `serve`, its hooks and view
restrictions work as before."""

from hashlib import blake2b

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import MiddlewareNotUsed
from django.db import DatabaseError
from django.http import Http404
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from hub.generation import remember

ROUTE_KEY = "routing:route:{}"
SITE_KEY = "routing:site:{}:{}"


def remembered_site(request):
    """The site answering this request's host and port, as `Site.find_for_request` finds it."""
    host, port = split_domain_port(request._get_raw_host())[0], request.get_port()
    key = SITE_KEY.format(blake2b(host.encode(), digest_size=16).hexdigest(), port)
    return remember(key, lambda: Site.find_for_request(request))


def path_components(path):
    return [component for component in path.split("/") if component]


def walked_route(request, site, path):
    """(page id, content type id, the site root's url_path, slugs walked) of Wagtail's own
    route for `path`, or None."""
    route = Page.route_for_request(request, path)
    if route is None:
        return None
    page, root = route[0], site.root_page
    return (page.pk, page.content_type_id, root.url_path, page.depth - root.depth)


def remembered_route(request, site, path):
    """Wagtail's route for `path`, from one query when it is remembered."""
    key = ROUTE_KEY.format(blake2b(f"{site.pk}:{path}".encode(), digest_size=16).hexdigest())
    found = remember(key, lambda: walked_route(request, site, path))
    if found is None or hasattr(request, "_wagtail_route_for_request"):
        return  # no such page, or just walked
    page_id, content_type_id, root_path, walked = found
    components = path_components(path)
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=page_id).first() if model else None
    if page is None or page.url_path != root_path + "".join(f"{c}/" for c in components[:walked]):
        return  # moved, renamed or deleted since: Wagtail walks the tree
    try:
        request._wagtail_route_for_request = page.route(request, components[walked:])
    except Http404:
        request._wagtail_route_for_request = None


class CachedRoutingMiddleware:
    def __init__(self, get_response):
        if settings.CONTENT_CACHE_SECONDS <= 0:
            raise MiddlewareNotUsed  # Wagtail routes every request itself
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(request, "is_dummy", False):  # Wagtail's previews route themselves
            return
        try:
            # Every view may ask for the site: the settings in every page's footer do.
            request._wagtail_site = site = remembered_site(request)
            if view_func is wagtail_views.serve and site is not None:
                path = view_args[0] if view_args else view_kwargs["path"]
                remembered_route(request, site, path)
        except DatabaseError:
            pass  # the view meets it again where it is handled: the 503, /health/'s own answer
