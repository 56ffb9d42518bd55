"""The floor of the benchmark: what any page of this framework costs at least."""

from django.http import HttpResponse
from django.template import engines
from wagtail.models import Page

FLOOR_TEMPLATE = engines["django"].from_string(
    """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><main><h1>{{ page.title }}</h1><p>{{ page.url_path }}</p></main></body>
</html>"""
)


def floor(request):
    """A small template rendered from one indexed query: the tree's root, by its unique path."""
    page = Page.objects.only("title", "url_path").get(path=Page._get_path("", 1, 1))
    return HttpResponse(FLOOR_TEMPLATE.render({"page": page}, request))
