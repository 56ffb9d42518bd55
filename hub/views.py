import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from hub import search as site_search

SEARCH_RESULTS_PER_PAGE = 10


def search_terms(query):
    """The words of a query. Punctuation is dropped because SQLite's FTS5 treats quotes and
    brackets as syntax, and a stray one would be an error instead of a search."""
    return " ".join(re.sub(r"[^\w\s]", " ", query).split())


@require_GET
def search(request):
    """Full-text search over what the apps register (`hub.search`) and every other live, public
    page, in one paginated list. No search hit is recorded: that would be a database write on
    every GET."""
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if terms := search_terms(query):
        # Searched only when the template's content cache has no copy of these results.
        results = SimpleLazyObject(
            lambda: Paginator(site_search.search(terms, request), SEARCH_RESULTS_PER_PAGE).get_page(
                request.GET.get("page")
            )
        )
    return render(request, "pages/hub/search_results.html", {"query": query, "results": results})


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(
        request,
        "robots.txt",
        {"sitemap_url": sitemap_url},
        content_type="text/plain; charset=utf-8",
    )


# Levels of the page tree below the home page that the people's sitemap lists.
SITEMAP_DEPTH = 3


def page_tree(root, request, depth=SITEMAP_DEPTH):
    """The live, public pages from `root` down `depth` levels, as nested
    {"title", "url", "children"} dicts, in the editors' order. A page whose parent is not
    listed (a draft, or private) is left out with everything under it. One query."""
    pages = (
        Page.objects.descendant_of(root, inclusive=True)
        .live()
        .public()
        .filter(depth__lte=root.depth + depth)
        .defer_streamfields()
        .order_by("path")
    )
    nodes = {}
    top = None
    for page in pages:
        node = {"title": page.title, "url": page.get_url(request), "children": []}
        if page.pk == root.pk:
            top = node
        elif (parent := nodes.get(page.path[: -Page.steplen])) is not None:
            parent["children"].append(node)
        else:
            continue
        nodes[page.path] = node
    return top


@require_GET
def html_sitemap(request, places=()):
    """The sitemap for people: the page tree as nested lists, then the places that are not
    pages. `places` are (label, URL name) pairs, given by the root URLconf."""
    site = Site.find_for_request(request)
    tree = page_tree(site.root_page, request) if site else None
    return render(
        request,
        "pages/hub/sitemap.html",
        {"tree": tree, "places": [(label, reverse(name)) for label, name in places]},
    )
