"""Staff manage organisations, the equality areas vocabulary and membership applications in the
Wagtail admin, grouped under one "Members" menu. Every page's header carries the account links."""

from wagtail import hooks
from wagtail.admin.ui.tables import (
    BooleanColumn,
    DateColumn,
    LiveStatusTagColumn,
    StatusTagColumn,
    UpdatedAtColumn,
)
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.search.backends import get_search_backend
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from hub.search import SEARCH_SOURCES, SearchResult, SearchSource
from hub.sections import SITE_HEADER_SECTIONS, Section
from members.admin_views import ReviewApplicationView
from members.forms import DecisionForm
from members.models import (
    EqualityArea,
    MemberDirectoryPage,
    MembershipApplication,
    Organisation,
)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = [
        "name",
        StatusTagColumn("status", label="Membership", primary=False),
        BooleanColumn("user_led", label="User-led"),
        UpdatedAtColumn(),
        # Published, draft, or "live + draft" when a member's edit awaits approval.
        LiveStatusTagColumn(),
    ]
    list_filter = ["status", "boroughs", "equality_areas", "user_led", "live"]


class EqualityAreaViewSet(SnippetViewSet):
    model = EqualityArea
    icon = "tag"
    menu_label = "Equality areas"
    list_display = ["name", "slug"]


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications only come from the public form: staff can review and delete, not add."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


class MembershipApplicationViewSet(ModelViewSet):
    model = MembershipApplication
    url_prefix = "members/applications"
    url_namespace = "members_applications"
    icon = "mail"
    menu_label = "Applications"
    edit_view_class = ReviewApplicationView
    copy_view_enabled = False
    list_display = ["name", "contact_name", DateColumn("submitted_at", label="Submitted"), "status"]
    list_filter = ["status"]
    search_fields = ["name", "contact_name", "contact_email"]

    def get_form_class(self, for_update=False):
        return DecisionForm


register_permission_policy(
    MembershipApplication, ApplicationPermissionPolicy(MembershipApplication)
)


class MembersViewSetGroup(SnippetViewSetGroup):
    menu_label = "Members"
    menu_icon = "group"
    menu_order = 250
    items = (OrganisationViewSet, EqualityAreaViewSet, MembershipApplicationViewSet)


register_snippet(MembersViewSetGroup)


@hooks.register(SITE_HEADER_SECTIONS)
def account_links(request):
    """Log in and join, or your account and log out."""
    return [Section("components/members/account_links.html", order=10)]


# Site search ---------------------------------------------------------------------------------


def search_organisations(terms):
    """Listed member organisations, by name, description, areas served and equality areas;
    none while there is no public directory to show their profiles."""
    if not MemberDirectoryPage.objects.live().public().exists():
        return []
    organisations = Organisation.objects.listed().prefetch_related("boroughs", "equality_areas")
    return get_search_backend().search(terms, organisations)


def organisation_search_results(organisations, request):
    """Each organisation with its areas; profile addresses from one look-up of the directory."""
    directory = MemberDirectoryPage.objects.live().public().first()
    base = directory.get_url(request) if directory else ""
    results = []
    for organisation in organisations:
        areas = [area.name for area in organisation.boroughs.all()]
        areas += [area.name for area in organisation.equality_areas.all()]
        url = base and base + directory.reverse_subpage("organisation", args=[organisation.slug])
        results.append(
            SearchResult(
                kind="Member organisation",
                title=organisation.name,
                url=url or "",
                summary=organisation.short_description,
                meta=", ".join(areas),
            )
        )
    return results


@hooks.register(SEARCH_SOURCES)
def members_search_sources():
    return [SearchSource(search_organisations, organisation_search_results, order=30)]
