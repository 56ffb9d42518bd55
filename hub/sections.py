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
#: Sections in every page's header menu (after the main navigation) and in its footer: called
#: with (request).
SITE_HEADER_SECTIONS = "site_header_sections"
SITE_FOOTER_SECTIONS = "site_footer_sections"
#: Other ways to follow the site (email), offered in the "Get updates" block beside listings'
#: feeds and calendars (templates/components/get_updates.html): called with (request).
GET_UPDATES_SECTIONS = "get_updates_sections"
SITE_SECTIONS = (SITE_HEADER_SECTIONS, SITE_FOOTER_SECTIONS, GET_UPDATES_SECTIONS)


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


#: Items closing soon, merged across apps into the home page's one "Closing soon" section.
#: Each function is called with (home_page, request, now, limit) and returns a `ClosingSoon`:
#: its own open items closing soon (at most `limit`, soonest first) and a link to all of them.
CLOSING_SOON_ITEMS = "closing_soon_items"
#: How many items the home page's "Closing soon" section shows, all apps together.
HOME_CLOSING_SOON = 6
#: Where "Closing soon" sits among the home page's sections: first, so that on a phone the
#: deadlines come before the latest posts rather than several screens down.
CLOSING_SOON_ORDER = 5
CLOSING_SOON_TEMPLATE = "components/closing_soon_section.html"


class ClosingItem(Section):
    """One page closing soon, shown with its app's own card: `context` names the page as
    the card template expects it (`post=…`, `vacancy=…`)."""

    def __init__(self, page, template_name, **context):
        super().__init__(template_name, order=0, heading="h3", **context)
        self.page = page
        self.closes_at = page.closes_at


class ClosingSoon:
    """An app's answer to CLOSING_SOON_ITEMS: its items and a link to the full list, as
    (url, words)."""

    def __init__(self, items, link=None):
        self.items = list(items)
        self.link = link


def shown_on_page(request):
    """The ids of the pages already shown on this request's page. A gathering page fills it
    as it goes, so that a later section can leave out what an earlier one showed."""
    if request is None:
        return set()
    if not hasattr(request, "hub_shown_pages"):
        request.hub_shown_pages = set()
    return request.hub_shown_pages


def closing_soon_section(home, request, now, limit=HOME_CLOSING_SOON):
    """Every app's items closing soon, soonest first, cut to `limit`, as one section (None
    when no app has closing dates here). The items shown go into `shown_on_page(request)`."""
    answers = [
        function(home, request, now, limit) for function in hooks.get_hooks(CLOSING_SOON_ITEMS)
    ]
    items = sorted(
        (item for answer in answers for item in answer.items),
        key=lambda item: (item.closes_at, item.page.pk),
    )[:limit]
    shown_on_page(request).update(item.page.pk for item in items)
    links = [answer.link for answer in answers if answer.link]
    if not items and not links:  # no app with closing dates on this site
        return None
    return Section(CLOSING_SOON_TEMPLATE, order=CLOSING_SOON_ORDER, items=items, links=links)


def home_sections(home, request, now):
    """The home page's sections: "Closing soon" is gathered first, so that every other
    section can leave out what it shows (see `shown_on_page`)."""
    closing = closing_soon_section(home, request, now)
    others = gather(HOME_PAGE_SECTIONS, home, request)
    return sorted([*([closing] if closing else []), *others], key=lambda section: section.order)
