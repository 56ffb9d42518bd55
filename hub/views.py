import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page

SEARCH_RESULTS_PER_PAGE = 10


def search_terms(query):
    """The words of a query. Punctuation is dropped because SQLite's FTS5 treats quotes and
    brackets as syntax, and a stray one would be an error instead of a search."""
    return " ".join(re.sub(r"[^\w\s]", " ", query).split())


@require_GET
def search(request):
    """Full-text search over every live, public page. No search hit is recorded: that would be a
    database write on every GET."""
    query = request.GET.get("q", "").strip()[:200]
    results = None
    if terms := search_terms(query):
        pages = Page.objects.live().public().exclude(depth__lte=1).specific(defer=True)
        paginator = Paginator(pages.search(terms), SEARCH_RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
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
