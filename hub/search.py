"""Site search: one list gathered from the sources the apps register.

The core names no content app, so `/search/` asks a Wagtail hook for its sources. Each app that
has something to find registers a function under `SEARCH_SOURCES` in its `wagtail_hooks.py`,
returning a list of `SearchSource`:

    @hooks.register(SEARCH_SOURCES)
    def search_sources():
        return [SearchSource(
            order=20,
            search=lambda terms: ranked_search(Vacancy.objects.live().public(), terms),
            present=vacancy_results,  # (objects, request) -> [SearchResult]
            page_models=[Vacancy],
        )]

`search(terms)` returns something lazy that counts and slices, in its own order of relevance:
`ranked_search(queryset, terms)` (below), or a list (empty, say, when the app has nothing to
show).
`present(objects, request)` turns one page's slice into `SearchResult`s, and may query once for
all of them (prefetching), never once per result. Every other live, public page comes from the
core's own search over Wagtail pages, less the page types a source claims in `page_models`, so
nothing is found twice; a page type may say how it is shown by a `search_result(request)`
method returning a `SearchResult`.

Results are listed source by source (lower `order` first), each source's own best first: the
scores of different searches are not comparable. A page of results costs one query per source
(its likeliest matches) plus one for each source on that page, whatever the number of results.

Ranking is what a search costs: PostgreSQL's `ts_rank` over every match of a common word took
most of a search's time at network scale. So on PostgreSQL a source that searches through
`ranked_search` (posts, vacancies, other pages; not the few hundred organisations) ranks only
its RANKED_MATCHES likeliest matches, picked through the GIN index (migration hub 0007): those
with the words in their title first, then the latest indexed (published or edited). The list
then says "200 or more results" rather than counting every match. Other databases rank every
match.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, ExpressionWrapper, F, Q
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from modelsearch.utils import get_descendants_content_types_pks
from wagtail import hooks
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from hub import deadlines

#: Functions called with no arguments, each returning a list of `SearchSource`.
SEARCH_SOURCES = "search_sources"
#: The order of the core's own search over the pages no source claims: after every app's.
PAGES_ORDER = 1000
RESULT_TEMPLATE = "components/search/result.html"
#: At most this many of one source's matches are ranked (on PostgreSQL): ten pages and more.
RANKED_MATCHES = 200


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


class RankedSearch:
    """The objects of `queryset` matching `terms`, best first, counted and sliced like a Wagtail
    search result set; on PostgreSQL only the RANKED_MATCHES likeliest are ranked (see the
    module's docstring). The likeliest are picked in one query, and only a page that is shown
    is ranked, by Wagtail's own search over those few rows."""

    def __init__(self, queryset, terms):
        self.queryset = queryset
        self.terms = terms
        self._likeliest = None

    @property
    def ranks_all(self):
        return connection.vendor != "postgresql"

    def likeliest(self):
        """The primary keys of the likeliest matches, at most RANKED_MATCHES."""
        if self._likeliest is None:
            query = SearchQuery(self.terms, search_type="plain")
            # The very expression of the GIN index, so the index finds the matches.
            text = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
            in_title = ExpressionWrapper(Q(title=query), output_field=BooleanField())
            model = self.queryset.model
            entries = (
                IndexEntry.objects.filter(
                    content_type_id__in=get_descendants_content_types_pks(model)
                )
                .annotate(object_pk=Cast("object_id", BigIntegerField()), text=text)
                # Only what the source may show, so drafts and other types take no place.
                .filter(text=query, object_pk__in=self.queryset.values("pk"))
                .order_by(in_title.desc(), "-pk")
                .values_list("object_pk", flat=True)
            )
            self._likeliest = list(entries[:RANKED_MATCHES])
        return self._likeliest

    def results(self):
        if self.ranks_all:
            return get_search_backend().search(self.terms, self.queryset)
        return get_search_backend().search(
            self.terms, self.queryset.filter(pk__in=self.likeliest())
        )

    def count(self):
        return self.results().count() if self.ranks_all else len(self.likeliest())

    @property
    def capped(self):
        """Whether there may be more matches than were ranked."""
        return not self.ranks_all and len(self.likeliest()) >= RANKED_MATCHES

    def __getitem__(self, key):
        return self.results()[key]


def ranked_search(queryset, terms):
    """What a source's `search(terms)` returns for a queryset: see `RankedSearch`."""
    return RankedSearch(queryset, terms)


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

    @property
    def capped(self):
        """Whether some source has more matches than it ranked: the count is a lower bound."""
        return any(getattr(part.found, "capped", False) for part in self.parts)

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
        return ranked_search(pages.specific(defer=True), terms)

    found.append(SearchSource(search_pages, page_results, order=PAGES_ORDER))
    return sorted(found, key=lambda source: source.order)


def search(terms, request):
    """Everything that matches `terms` (words only: see `hub.views.search_terms`), as one
    sequence to paginate."""
    parts = [SourceResults(source, source.search(terms)) for source in sources()]
    return CombinedResults(parts, request)
