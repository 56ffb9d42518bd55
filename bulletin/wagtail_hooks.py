"""The bulletin in the Wagtail admin (a listing of posts by kind and deadline), and the
bulletin's sections on the home page and on organisation profiles."""

import django_filters
from django.utils import timezone
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from bulletin.calendar import calendar_part, dated_in
from bulletin.choices import Kind
from bulletin.models import BulletinIndexPage, BulletinPost
from hub import closing
from hub.calendar import CALENDAR_ENTRIES
from hub.deadlines import CLOSED, OPEN
from hub.search import SEARCH_SOURCES, SearchResult, SearchSource, ranked_search
from hub.sections import (
    CLOSING_SOON_ITEMS,
    HOME_PAGE_SECTIONS,
    ClosingItem,
    ClosingSoon,
    Section,
    shown_on_page,
)
from members.sections import ORGANISATION_PROFILE_SECTIONS

HOME_LATEST_POSTS = 5
PROFILE_POSTS = 5


class BulletinPostFilterSet(PageFilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="Kind", empty_label="Any")
    deadline = django_filters.ChoiceFilter(
        label="Deadline",
        choices=[(OPEN, "Still open"), (CLOSED, "Passed"), ("none", "No deadline")],
        empty_label="Any",
        method="filter_deadline",
    )
    tags = django_filters.ModelMultipleChoiceFilter(
        field_name="tagged_items__tag",
        label="Tags",
        queryset=lambda request: (
            Tag.objects.filter(bulletin_bulletinposttag_items__isnull=False)
            .distinct()
            .order_by("name")
        ),
        distinct=True,
    )

    def filter_deadline(self, queryset, name, value):
        if value == "none":
            return queryset.filter(closes_at__isnull=True)
        return queryset.filter(closing.STATUS_FILTERS[value]())

    class Meta:
        model = BulletinPost
        fields = []


class BulletinPostListingViewSet(PageListingViewSet):
    icon = "list-ul"
    menu_label = "Bulletin posts"
    add_to_admin_menu = True
    model = BulletinPost
    filterset_class = BulletinPostFilterSet
    columns = [
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
        Column("closes_at", label="Deadline or start", accessor="dates_text", sort_key="closes_at"),
        Column("deadline_status", label="Open or closed", accessor="status_label"),
        PageStatusColumn("status", label="Publishing", sort_key="live"),
        DateColumn(
            "latest_revision_created_at",
            label="Updated",
            sort_key="latest_revision_created_at",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_bulletin_post_listing():
    return BulletinPostListingViewSet("bulletin_posts")


def home_posts(home):
    return BulletinPost.objects.descendant_of(home).live().public().for_listing()


@hooks.register(HOME_PAGE_SECTIONS)
def home_page_sections(home, request):
    """The latest posts, leaving out those the home page already shows under "Closing soon"."""
    bulletin_index = BulletinIndexPage.objects.child_of(home).live().first()
    if bulletin_index is None:
        return []
    shown = shown_on_page(request)
    posts = list(home_posts(home).exclude(pk__in=shown).newest_first()[:HOME_LATEST_POSTS])
    shown.update(post.pk for post in posts)
    return [
        Section(
            "components/bulletin/home_latest_section.html",
            order=10,
            bulletin_index=bulletin_index,
            posts=posts,
        )
    ]


@hooks.register(CLOSING_SOON_ITEMS)
def closing_soon_posts(home, request, now, limit):
    """Open posts closing within 14 days, for the home page's "Closing soon"."""
    bulletin_index = BulletinIndexPage.objects.child_of(home).live().first()
    if bulletin_index is None:
        return ClosingSoon([])
    posts = home_posts(home).closing_soon(now).closing_soonest_first()[:limit]
    return ClosingSoon(
        [ClosingItem(post, "components/bulletin/post_card.html", post=post) for post in posts],
        link=(
            f"{bulletin_index.get_url(request)}?status=open&sort=closing",
            "All open bulletin posts, closing soonest first",
        ),
    )


@hooks.register(ORGANISATION_PROFILE_SECTIONS)
def organisation_profile_sections(organisation, request):
    posts = list(
        BulletinPost.objects.live()
        .public()
        .filter(organisation=organisation)
        .for_listing()
        .newest_first()[:PROFILE_POSTS]
    )
    if not posts:
        return []
    return [Section("components/bulletin/profile_posts_section.html", order=10, posts=posts)]


# Site search ---------------------------------------------------------------------------------


def search_posts(terms):
    return ranked_search(BulletinPost.objects.live().public().select_related("organisation"), terms)


def post_search_results(posts, request):
    """Each post with its kind, its dates (an event's time, then its deadline) and status."""
    now = timezone.now()
    results = []
    for post in posts:
        deadline = post.deadline_text(now) if post.deadline else ""
        if post.deadline and post.deadline <= now:  # the moment, not just "Closed"
            deadline = f"{post.deadline_text(now)} {post.deadline_moment_text}"
        when = [post.event_time_text, deadline]
        results.append(
            SearchResult(
                kind=post.get_kind_display(),
                title=post.title,
                url=post.get_url(request) or "",
                summary=post.summary,
                meta=f"From {post.organisation.name}" if post.organisation else "",
                deadline_text=". ".join(word for word in when if word),
                deadline=post.deadline or post.starts_at,
                status=post.status(now) or "",
                status_label=post.status_label(now),
            )
        )
    return results


@hooks.register(SEARCH_SOURCES)
def bulletin_search_sources():
    """Posts of every kind, found also by their kind's name and an event's access provisions
    (`BulletinPost.kind_search_words`)."""
    return [SearchSource(search_posts, post_search_results, order=10, page_models=[BulletinPost])]


@hooks.register(CALENDAR_ENTRIES)
def bulletin_calendar_entries(request, since, until):
    """Events by their start and deadlines by their moment, for the site's calendar."""
    return calendar_part(dated_in(BulletinPost.objects.live().public(), since, until))
