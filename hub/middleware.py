"""Site-wide middleware: the admin's own Content Security Policy, private pages kept out of
caches, and a friendly 503 while the database (or the rate limits' Redis) is unreachable."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views import defaults
from django.views.decorators.csp import csp_override

from hub.cache import REDIS_UNAVAILABLE

logger = logging.getLogger(__name__)

# Seconds a visitor (or a crawler) is asked to wait while the database is unreachable.
RETRY_AFTER_SECONDS = 30
ACCOUNT_PATH = "/account/"


class AdminPathMixin:
    @cached_property
    def admin_path(self):
        return reverse("wagtailadmin_home")


class AdminContentSecurityPolicyMiddleware(AdminPathMixin):
    """Everything under the Wagtail admin gets settings.ADMIN_CSP instead of the public
    SECURE_CSP, through Django's own per-view override. So do previews: Wagtail renders them
    through the middleware as a dummy request for the page's public path (`is_dummy`), and the
    admin frames the result, which the public policy (frame-ancestors 'none') would block."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.get_admin_response = csp_override(settings.ADMIN_CSP)(get_response)

    def __call__(self, request):
        if request.path.startswith(self.admin_path) or getattr(request, "is_dummy", False):
            return self.get_admin_response(request)
        return self.get_response(request)


class PrivatePagesNotStoredMiddleware(AdminPathMixin):
    """`Cache-Control: no-store, private` on account pages, the admin and every answer to a
    logged-in user, so no shared cache or back button shows one person's page to another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_private(request):
            add_never_cache_headers(response)
        return response

    def is_private(self, request):
        if request.path.startswith((ACCOUNT_PATH, self.admin_path)):
            return True
        try:
            return request.user.is_authenticated
        except DatabaseError:
            # The session's user cannot be looked up: treat the answer as private.
            return True


DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# The rate limits' cache (hub.cache explains why only theirs): a form cannot be counted.
UNAVAILABLE = (*DATABASE_UNAVAILABLE, *REDIS_UNAVAILABLE)


def service_unavailable(request, exception):
    """The friendly 503 (templates/503.html, which needs no database) with Retry-After."""
    service = "Database" if isinstance(exception, DATABASE_UNAVAILABLE) else "Cache"
    logger.warning("%s unavailable for %s: %s", service, request.path, exception)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database (or the rate limits' Redis) answers 503 with
    Retry-After and the friendly page, instead of a 500. Nothing is kept between requests, so
    the site recovers by itself once the database answers again. Logged as a warning; the
    503 is not mailed to ADMINS (see LOGGING). Errors raised in other middleware (the
    session's user, Wagtail's redirects) never reach process_exception: `server_error`
    answers those."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE):
            return None
        return service_unavailable(request, exception)


def server_error(request):
    """handler500 (hub.urls). Django turns an exception from a middleware into a response
    inside that middleware's own wrapper, so no middleware around it sees the exception;
    every uncaught one, wherever raised, ends here, still being handled. An outage of the
    database (or of the rate limits' Redis) is the 503; anything else Django's own 500 page
    (templates/500.html)."""
    exception = sys.exception()
    if isinstance(exception, UNAVAILABLE):
        return service_unavailable(request, exception)
    return defaults.server_error(request)
