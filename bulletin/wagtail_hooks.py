"""The bulletin in the Wagtail admin (a listing of posts by kind and deadline), and the
bulletin's sections on the home page and on organisation profiles."""

import django_filters
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from bulletin.choices import Kind
from bulletin.models import BulletinIndexPage, BulletinPost
from hub import closing
from hub.deadlines import CLOSED, OPEN
from hub.sections import HOME_PAGE_SECTIONS, Section
from members.sections import ORGANISATION_PROFILE_SECTIONS

HOME_LATEST_POSTS = 5
HOME_CLOSING_SOON_POSTS = 5
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


@hooks.register(HOME_PAGE_SECTIONS)
def home_page_sections(home, request):
    bulletin_index = BulletinIndexPage.objects.child_of(home).live().first()
    if bulletin_index is None:
        return []
    posts = BulletinPost.objects.descendant_of(home).live().public().for_listing()
    return [
        Section(
            "components/bulletin/home_latest_section.html",
            order=10,
            bulletin_index=bulletin_index,
            posts=posts.newest_first()[:HOME_LATEST_POSTS],
        ),
        Section(
            "components/bulletin/home_closing_soon_section.html",
            order=20,
            bulletin_index=bulletin_index,
            posts=posts.closing_soon().closing_soonest_first()[:HOME_CLOSING_SOON_POSTS],
        ),
    ]


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
