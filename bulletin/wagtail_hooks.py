"""The bulletin in the Wagtail admin: a listing of posts by kind and deadline, and a warning
when an editor publishes something whose deadline has already passed."""

import django_filters
from django.contrib import messages
from django.utils import timezone
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from bulletin.choices import Kind
from bulletin.models import BulletinPost


@hooks.register("after_publish_page")
def warn_when_deadline_has_passed(request, page):
    """Publishing a closed item is allowed (a record of a past consultation, say), but the
    editor should know that readers will see it as closed. A scheduled post is checked against
    the moment it goes live."""
    if not isinstance(page.specific, BulletinPost):
        return
    # A live post's row keeps its old dates until a scheduled revision goes live.
    post = page.specific.get_latest_revision_as_object()
    closes_at = post.derive_closes_at()
    now = timezone.now()
    scheduled = post.go_live_at is not None and post.go_live_at > now
    if closes_at is None or closes_at > (post.go_live_at if scheduled else now):
        return
    if scheduled:
        done = (
            f"“{post.title}” is scheduled, but its {post.closing_label} passes before it goes live"
        )
    else:
        done = f"“{post.title}” is published, but its {post.closing_label} has already passed"
    messages.warning(
        request,
        f"{done}, so readers will see it as closed. Check the date if that is not what you meant.",
    )


class BulletinPostFilterSet(PageFilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="Kind", empty_label="Any")
    deadline = django_filters.ChoiceFilter(
        label="Deadline",
        choices=[("open", "Still open"), ("closed", "Passed"), ("none", "No deadline")],
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
        if value == "open":
            return queryset.filter(closes_at__gt=timezone.now())
        if value == "closed":
            return queryset.filter(closes_at__lte=timezone.now())
        return queryset.filter(closes_at__isnull=True)

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
