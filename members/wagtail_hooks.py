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
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from hub.sections import SITE_HEADER_SECTIONS, Section
from members.admin_views import ReviewApplicationView
from members.forms import DecisionForm
from members.models import EqualityArea, MembershipApplication, Organisation


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
