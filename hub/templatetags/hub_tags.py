from django import template
from wagtail.models import Site

from hub.navigation import main_menu

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = main_menu(site, request) if site else []
    current_path = request.path if request else ""
    for item in items:
        item["current"] = item["url"] == current_path
        item["ancestor"] = not item["current"] and current_path.startswith(item["url"] or "\0")
    return {"items": items}
