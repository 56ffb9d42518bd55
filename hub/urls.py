from django.conf import settings
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views import account
from wagtail.documents import urls as wagtaildocs_urls

from hub import calendar, contact, health, views
from hub.ratelimit import limit_accepted_posts, limit_failed_logins

# Any uncaught exception, from a view or a middleware: a database outage is the friendly 503.
handler500 = "hub.middleware.server_error"

urlpatterns = [
    # Wagtail's login, limited like the members' one (hub.ratelimit); matched before its urls.
    path("admin/login/", limit_failed_logins(account.LoginView.as_view())),
    # Its password reset, limited per IP address and per email address like the members' one.
    path(
        "admin/password_reset/",
        limit_accepted_posts(
            "hub.admin_password_reset",
            per_hour=lambda: settings.ADMIN_PASSWORD_RESET_RATE_LIMIT_PER_HOUR,
            email_field="email",
            template_name="admin/password_reset_limited.html",
        )(account.PasswordResetView.as_view()),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    path("", include("hub.sitemaps")),
    path(
        "sitemap/",
        views.html_sitemap,
        {
            "places": [
                ("Join the network", "members:join"),
                ("Log in to your organisation's account", "members:login"),
                ("Newsletter", "newsletter:signup"),
                ("Contact us", "contact"),
                ("Search", "search"),
            ]
        },
        name="html_sitemap",
    ),
    path("contact/", contact.contact, name="contact"),
    path("contact/sent/", contact.contact_sent, name="contact_sent"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Pages name the SVG icon; this is for clients that ask for /favicon.ico regardless.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static_url, str)("img/favicon.ico"), permanent=True),
        name="favicon",
    ),
    path("health/", health.health, name="health"),
    path("calendar.ics", calendar.site_calendar, name="site_calendar"),
    path("", include("members.urls")),
    path("", include("jobs.urls")),
    path("", include("newsletter.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else, so it comes last.
urlpatterns.append(path("", include(wagtail_urls)))
