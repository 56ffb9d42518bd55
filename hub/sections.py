"""Sections that apps contribute to pages gathering from several apps.

A page that shows several apps' content (the home page, an organisation's profile) names none
of them. It asks a Wagtail hook for its sections, and each app that has something to show
registers a function under that hook in its `wagtail_hooks.py`:

    @hooks.register(HOME_PAGE_SECTIONS)
    def latest_posts(page, request):
        return [Section("components/bulletin/latest_section.html", order=10, posts=...)]

The page renders each section's template with the page's own context plus the section's.
"""

from wagtail import hooks

#: The home page's sections: each function is called with (home_page, request).
HOME_PAGE_SECTIONS = "home_page_sections"
#: Sections in every page's header (beside the search form) and footer: called with (request).
SITE_HEADER_SECTIONS = "site_header_sections"
SITE_FOOTER_SECTIONS = "site_footer_sections"
SITE_SECTIONS = (SITE_HEADER_SECTIONS, SITE_FOOTER_SECTIONS)


class Section:
    """One app's part of a gathering page: its template, its place (lower comes first) and
    the context its template needs."""

    def __init__(self, template_name, order, **context):
        self.template_name = template_name
        self.order = order
        self.context = context


def gather(hook_name, *args):
    """Every registered section for this hook, in order; a function may return none."""
    sections = [section for function in hooks.get_hooks(hook_name) for section in function(*args)]
    return sorted(sections, key=lambda section: section.order)
