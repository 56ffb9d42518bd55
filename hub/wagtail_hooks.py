"""The core's admin behaviour: a warning for every page type that closes, the email queue and
the contact form's messages."""

from django.contrib import messages
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from hub.closing import ClosingDateMixin
from hub.models import ContactMessage, OutgoingEmail


@hooks.register("after_publish_page")
def warn_when_closing_date_has_passed(request, page):
    """Publishing a closed item is allowed (a record of a past consultation, say), but the
    editor should know that readers will see it as closed. A scheduled page is checked against
    the moment it goes live."""
    if not isinstance(page.specific, ClosingDateMixin):
        return
    # A live page's row keeps its old dates until a scheduled revision goes live.
    item = page.specific.get_latest_revision_as_object()
    closes_at = item.derive_closes_at()
    now = timezone.now()
    scheduled = item.go_live_at is not None and item.go_live_at > now
    if closes_at is None or closes_at > (item.go_live_at if scheduled else now):
        return
    if scheduled:
        done = (
            f"“{item.title}” is scheduled, but its {item.closing_label} passes before it goes live"
        )
    else:
        done = f"“{item.title}” is published, but its {item.closing_label} has already passed"
    messages.warning(
        request,
        f"{done}, so readers will see it as closed. Check the date if that is not what you meant.",
    )


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Staff with the view permission see the queue; nobody edits what the site has sent."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(OutgoingEmail, ViewOnlyPermissionPolicy(OutgoingEmail))


class OutgoingEmailViewSet(ModelViewSet):
    """The email queue, so staff can see what was sent and what the mail server refused."""

    model = OutgoingEmail
    icon = "mail"
    menu_label = "Outgoing email"
    add_to_settings_menu = True
    url_prefix = "outgoing-email"
    url_namespace = "outgoing_email"
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []  # no one may add or edit (see the policy); the views still want a form
    list_display = [
        "subject",
        "to",
        Column("status", label="Status", accessor="status"),
        "attempts",
        Column("last_error", label="Last error"),
        DateColumn("created_at", label="Queued"),
        DateColumn("sent_at", label="Sent"),
        DateColumn("next_attempt_at", label="Next attempt"),
    ]
    inspect_view_fields = [
        "to",
        "subject",
        "key",
        "created_at",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    return OutgoingEmailViewSet()


class ReadAndDeletePermissionPolicy(ModelPermissionPolicy):
    """Staff read contact messages and delete them once dealt with; nobody edits them."""

    def user_has_permission(self, user, action):
        return action in ("view", "delete") and super().user_has_permission(user, action)


register_permission_policy(ContactMessage, ReadAndDeletePermissionPolicy(ContactMessage))


class ContactMessageViewSet(ModelViewSet):
    """Messages sent through the contact form, to read, answer by the way asked, and delete."""

    model = ContactMessage
    icon = "mail"
    menu_label = "Contact messages"
    menu_order = 800
    add_to_admin_menu = True
    url_prefix = "contact-messages"
    url_namespace = "contact_message"
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []  # no one may add or edit (see the policy); the views still want a form
    list_display = [
        "name",
        "email",
        Column("reply_by", label="Reply by", accessor="get_reply_by_display"),
        DateColumn("created_at", label="Sent"),
    ]
    list_filter = ["reply_by"]
    search_fields = ["name", "email", "message"]
    inspect_view_fields = ["name", "email", "phone", "reply_by", "message", "created_at"]


@hooks.register("register_admin_viewset")
def register_contact_message_viewset():
    return ContactMessageViewSet()


@hooks.register("insert_editor_js")
def kind_panels_js():
    """Panels marked with `data-kind-panel` show for the kind chosen in the editor
    (static/js/admin/kind_panels.js); any page type with a `kind` select may use it."""
    return format_html('<script src="{}" defer></script>', static("js/admin/kind_panels.js"))
