"""Site search: one list gathered from the sources the apps register.

The core names no content app, so `/search/` asks a Wagtail hook for its sources. Each app that
has something to find registers a function under `SEARCH_SOURCES` in its `wagtail_hooks.py`,
returning a list of `SearchSource`:

    @hooks.register(SEARCH_SOURCES)
    def search_sources():
        return [SearchSource(
            order=20,
            search=lambda terms: Vacancy.objects.live().public().search(terms),
            present=vacancy_results,  # (objects, request) -> [SearchResult]
            page_models=[Vacancy],
        )]

`search(terms)` returns something lazy that counts and slices (a Wagtail search result set), in
its own order of relevance, or a list (empty, say, when the app has nothing to show).
`present(objects, request)` turns one page's slice into `SearchResult`s, and may query once for
all of them (prefetching), never once per result. Every other live, public page comes from the
core's own search over Wagtail pages, less the page types a source claims in `page_models`, so
nothing is found twice; a page type may say how it is shown by a `search_result(request)`
method returning a `SearchResult`.

Results are listed source by source (lower `order` first), each source's own best first: the
scores of different searches are not comparable. A page of results costs one count per source
plus the queries of the sources on that page, whatever the number of results.
"""

from dataclasses import dataclass
from datetime import datetime

from wagtail import hooks
from wagtail.models import Page

from hub import deadlines

#: Functions called with no arguments, each returning a list of `SearchSource`.
SEARCH_SOURCES = "search_sources"
#: The order of the core's own search over the pages no source claims: after every app's.
PAGES_ORDER = 1000
RESULT_TEMPLATE = "components/search/result.html"


@dataclass
class SearchResult:
    """One thing found, in the words the result list shows."""

    #: What it is, in plain words: "Funding call", "Vacancy", "Member organisation".
    kind: str
    title: str
    url: str
    summary: str = ""
    #: Who it is from or where: "Peckham Food Bank", "Lewisham, Southwark".
    meta: str = ""
    #: The deadline in words ("Closes 5pm, Thursday 3 December 2026 (in 3 days)") and its moment.
    deadline_text: str = ""
    deadline: datetime | None = None
    #: open, closing_soon or closed (hub.deadlines), or another word a source defines
    #: (past_event); empty when it has none. `status_label` is its badge.
    status: str = ""
    status_label: str = ""
    template_name: str = RESULT_TEMPLATE

    @property
    def is_closed(self):
        return self.status in (deadlines.CLOSED, "past_event")


class SearchSource:
    """One app's searchable content: see the module's docstring."""

    def __init__(self, search, present, order, page_models=()):
        self.search = search
        self.present = present
        self.order = order
        self.page_models = tuple(page_models)


class SourceResults:
    """One source's results for one query, counted once."""

    def __init__(self, source, found):
        self.source = source
        self.found = found
        self._count = None

    def count(self):
        if self._count is None:
            found = self.found
            self._count = len(found) if isinstance(found, list | tuple) else found.count()
        return self._count


class CombinedResults:
    """The results of several sources as one sequence that a `Paginator` can count and slice;
    a slice asks each source for its part and presents only that."""

    def __init__(self, parts, request):
        self.parts = parts
        self.request = request

    def count(self):
        return sum(part.count() for part in self.parts)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("Search results are read a page (a slice) at a time.")
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        results = []
        offset = 0
        for part in self.parts:
            count = part.count()
            low, high = max(start - offset, 0), min(stop - offset, count)
            if low < high:
                objects = list(part.found[low:high])
                results.extend(part.source.present(objects, self.request))
            offset += count
            if offset >= stop:
                break
        return results


def page_results(pages, request):
    """Pages no source claims: a page type's own `search_result(request)`, or its title,
    search description and type."""
    results = []
    for page in pages:
        if hasattr(page, "search_result"):
            results.append(page.search_result(request))
            continue
        results.append(
            SearchResult(
                kind=page.get_verbose_name().capitalize(),
                title=page.title,
                url=page.get_url(request) or "",
                summary=page.search_description,
            )
        )
    return results


def sources():
    """Every registered source, and the core's page search last."""
    found = [source for function in hooks.get_hooks(SEARCH_SOURCES) for source in function()]
    claimed = [model for source in found for model in source.page_models]

    def search_pages(terms):
        pages = Page.objects.live().public().exclude(depth__lte=1)
        if claimed:
            pages = pages.not_type(*claimed)
        return pages.specific(defer=True).search(terms)

    found.append(SearchSource(search_pages, page_results, order=PAGES_ORDER))
    return sorted(found, key=lambda source: source.order)


def search(terms, request):
    """Everything that matches `terms` (words only: see `hub.views.search_terms`), as one
    sequence to paginate."""
    parts = [SourceResults(source, source.search(terms)) for source in sources()]
    return CombinedResults(parts, request)
