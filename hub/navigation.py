"""The main menu: the home page's live children that editors tick "Show in menus" for.

Built with one query and cached per site, because every public page renders it."""

from django.core.cache import cache

MENU_CACHE_KEY = "hub:main-menu:{site_id}"


def main_menu(site, request):
    key = MENU_CACHE_KEY.format(site_id=site.pk)
    items = cache.get(key)
    if items is None:
        root = site.root_page
        items = [
            {"title": page.title, "url": page.get_url(request)}
            for page in root.get_children().live().public().in_menu().defer_streamfields()
        ]
        cache.set(key, items, 60 * 60)
    return items


def clear_main_menu_cache():
    from wagtail.models import Site

    cache.delete_many(
        [MENU_CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)]
    )
