"""The newsletter in the admin (subscribers, with their sync state and data requests) and its
sign-up form in every page's footer and on the home page."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from hub.sections import (
    GET_UPDATES_SECTIONS,
    HOME_PAGE_SECTIONS,
    SITE_FOOTER_SECTIONS,
    Section,
)
from newsletter import admin_views
from newsletter.digest_admin import DigestViewSet
from newsletter.models import Subscriber
from newsletter.views import newsletter_settings, signup_form


class SubscriberIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            ListingButton(
                "Export data",
                url=reverse("newsletter_subscribers:export", args=[instance.pk]),
                icon_name="download",
                priority=25,
            ),
        ]


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Newsletter subscribers"
    add_to_admin_menu = True
    menu_order = 260
    url_prefix = "newsletter/subscribers"
    url_namespace = "newsletter_subscribers"
    index_view_class = SubscriberIndexView
    delete_view_class = admin_views.EraseSubscriberView
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["first_name", "status"]
    list_display = [
        "email",
        "status",
        Column("sync_state", label="Mailchimp", accessor="get_sync_state_display"),
        Column("sync_error", label="Last sync error"),
        DateColumn("synced_at", label="Last synced"),
        DateColumn("created_at", label="Signed up"),
    ]
    list_filter = ["status", "sync_state"]
    search_fields = ["email", "first_name"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("export/<int:pk>/", admin_views.export_subscriber, name="export"),
        ]


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet()


@hooks.register("register_admin_viewset")
def register_digest_viewset():
    return DigestViewSet()


@hooks.register(SITE_FOOTER_SECTIONS)
def footer_signup(request):
    # The sign-up page has its own form; two on one page would confuse.
    if request is None or request.path == reverse("newsletter:signup"):
        return []
    return [
        Section(
            "components/newsletter/footer_section.html",
            order=10,
            signup_form=signup_form(request, prefix_id="footer-"),
        )
    ]


@hooks.register(GET_UPDATES_SECTIONS)
def get_updates_signup(request):
    # A link, not a form: the footer below already holds the page's one sign-up form.
    return [
        Section(
            "components/newsletter/get_updates_section.html",
            order=10,
            signup_url=reverse("newsletter:signup"),
        )
    ]


@hooks.register(HOME_PAGE_SECTIONS)
def home_signup(home, request):
    return [
        Section(
            "components/newsletter/home_section.html",
            order=40,
            signup_form=signup_form(request, prefix_id="home-"),
            newsletter=newsletter_settings(request),
        )
    ]
