from hashlib import blake2b

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from hub.generation import remember
from hub.models import NetworkSettings
from hub.navigation import main_menu
from hub.pages import meta_description
from hub.sections import SITE_SECTIONS, gather

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


@register.simple_tag(takes_context=True)
def render_section(context, section):
    """A hub.sections.Section, rendered like {% include %} with its own context added."""
    template = context.template.engine.get_template(section.template_name)
    with context.push(**section.context):
        return template.render(context)


@register.simple_tag(takes_context=True)
def site_sections(context, hook_name):
    """The sections apps contribute to every page under `hook_name` (the header's or the
    footer's), rendered in order."""
    if hook_name not in SITE_SECTIONS:
        raise template.TemplateSyntaxError(f"{hook_name!r} is not one of {SITE_SECTIONS}.")
    sections = gather(hook_name, context.get("request"))
    return format_html_join("", "{}", ((render_section(context, s),) for s in sections))


@register.simple_tag(takes_context=True)
def page_description(context):
    """The meta description of a Wagtail page (hub.pages.meta_description); views without a
    page name their own in the `description` block, and the network's tagline covers the rest."""
    page = context.get("page")
    description = meta_description(page) if isinstance(page, Page) else ""
    if description:
        return description
    request = context.get("request")
    if request is None:
        return ""
    network = NetworkSettings.for_request(request)
    return network.tagline or network.network_name


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if getattr(request, "is_dummy", False):  # a preview shows a draft: never kept, nor read
            return self.nodelist.render(context)
        parts = [str(value.resolve(context)) for value in self.vary_on]
        if request is not None:
            parts += [request.get_host(), request.get_full_path()]
        key = "content:" + blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
        return mark_safe(  # noqa: S308 -- the template's own output, escaped as it rendered
            remember(key, lambda: self.nodelist.render(context), until_deadline=True)
        )


@register.tag
def content_cache(parser, token):
    """`{% content_cache "name" value … %}…{% endcontent_cache %}`: the enclosed part of a public
    page, rendered once for everyone (logged in or not) and kept per content generation and
    until the next deadline (hub.generation.remember), by the names and values given, the host
    and the full path with its query string. Its context's lazy values (querysets, callables)
    are only evaluated when it is rendered. Never around anything personal: a form with a CSRF
    token, messages, the user's name."""
    vary_on = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not vary_on:
        raise template.TemplateSyntaxError("content_cache needs a name.")
    nodelist = parser.parse(("endcontent_cache",))
    parser.delete_first_token()
    return ContentCacheNode(nodelist, vary_on)
