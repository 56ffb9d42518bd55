"""Anonymous full-page cache: a visitor without a session gets the page a previous anonymous
visitor got, straight from the default cache (Redis with CACHE_URL, else this process's memory),
with no database query, no session and no Wagtail routing.

What is stored: a 200 answer to an anonymous GET, not streamed, setting no cookie but the CSRF
one, without `private`/`no-store`/`no-cache`, varying on nothing but Cookie. Never: the admin,
/account/, /health/, /bench/, documents, previews, settings.PAGE_CACHE_EXCLUDED_PATHS, a request
carrying a session or messages cookie or an Authorization header.

Forms: the footer's newsletter sign-up sits on nearly every page, so a page holding a CSRF token
must be cacheable or nothing is. The stored copy holds a placeholder instead of the token; each
hit puts in a token of the visitor's own (their csrftoken cookie, or a new one it sets), exactly
as Django's CsrfViewMiddleware would have. A page using its token anywhere else is not stored.

Invalidation: every entry carries the content generation it was built under (hub.generation:
publishing and the like bump it), and an entry of an older generation is never served. An entry
also lives no longer than settings.PAGE_CACHE_SECONDS (which bounds how stale "closes in 3 days"
gets) and no longer than the next moment an item closes or starts closing soon.

`X-Page-Cache: hit` or `miss` on every request the cache could answer; `Age` on hits.
"""

import re
import time
from hashlib import blake2b

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from hub.generation import GENERATION_KEY, start_generation, timeout_before_deadline
from hub.middleware import ACCOUNT_PATH, AdminPathMixin

HEADER = "X-Page-Cache"
ENTRY_KEY = "pagecache:page:{}"
# Stands in for a CSRF token in a stored page: as long as a token (64 characters), so the
# stored Content-Length still holds once a visitor's token replaces it.
CSRF_PLACEHOLDER = b"pagecache" + b"-" * 46 + b"csrftoken"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
CSRF_INPUT_NAME = b"csrfmiddlewaretoken"
# The cache answers only when none of these cookies came: their pages are someone's own.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
# What an anonymous page may vary on: the cookies above, which a hit never has.
HANDLED_VARY = {"cookie"}
UNCACHEABLE_CONTROL = {"private", "no-store", "no-cache"}
COMMAS = re.compile(r"\s*,\s*")


def entry_timeout(generation, now=None):
    """Seconds a page stored now may be kept: PAGE_CACHE_SECONDS, cut short by the next deadline."""
    return timeout_before_deadline(generation, settings.PAGE_CACHE_SECONDS, now)


class AnonymousPageCacheMiddleware(AdminPathMixin):
    """Sits below SecurityMiddleware and the CSP middlewares, which add their headers to a hit as
    to a miss, and above the session: a hit loads nothing. The clickjacking header comes from
    below and is stored with the page."""

    def __init__(self, get_response):
        if settings.PAGE_CACHE_SECONDS <= 0:
            raise MiddlewareNotUsed
        self.get_response = get_response
        # Its process_request/process_response give a hit's visitor their CSRF cookie and token.
        self.csrf = CsrfViewMiddleware(get_response)

    def excluded_paths(self):
        return (
            self.admin_path,
            ACCOUNT_PATH,
            "/health/",
            "/bench/",
            "/documents/",
            *settings.PAGE_CACHE_EXCLUDED_PATHS,
        )

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        key = ENTRY_KEY.format(
            blake2b(
                f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode(),
                digest_size=16,
            ).hexdigest()
        )
        # One round trip: the current generation and the entry together.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        if entry is not None and generation is not None and entry[0] == generation:
            return self.hit(request, entry)
        if generation is None:
            generation = start_generation()
        response = self.get_response(request)
        # A HEAD's own answer may lack its body: only a GET is stored, and HEAD reads it.
        if request.method == "GET" and generation is not None:
            self.store(key, generation, response)
        response[HEADER] = "miss"
        return response

    def is_cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not getattr(request, "is_dummy", False)  # Wagtail's previews
            and "HTTP_AUTHORIZATION" not in request.META
            and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
            and not request.path.startswith(self.excluded_paths())
        )

    def is_storable(self, response):
        if response.status_code != 200 or response.streaming:
            return False
        if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
            return False
        control = {
            part.split("=")[0].strip().lower()
            for part in COMMAS.split(response.get("Cache-Control", ""))
        }
        if control & UNCACHEABLE_CONTROL:
            return False
        vary = {v.strip().lower() for v in COMMAS.split(response.get("Vary", "")) if v}
        return vary <= HANDLED_VARY

    def store(self, key, generation, response):
        if not self.is_storable(response):
            return
        content = response.content
        uses_csrf = settings.CSRF_COOKIE_NAME in response.cookies or CSRF_INPUT_NAME in content
        if uses_csrf:
            content, replaced = CSRF_INPUT.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\2", content)
            # A token anywhere else (a script, an attribute) would be served to everyone.
            if not replaced or content.count(CSRF_INPUT_NAME) != replaced:
                return
        timeout = entry_timeout(generation)
        if timeout <= 0:
            return
        # The CSRF cookie set for this visitor is left out: a hit sets each visitor's own.
        headers = [(name, value) for name, value in response.headers.items() if name != HEADER]
        cache.set(key, (generation, time.time(), headers, content, uses_csrf), timeout)

    def hit(self, request, entry):
        _generation, stored_at, headers, content, uses_csrf = entry
        response = HttpResponse(status=200)
        for name, value in headers:
            response[name] = value
        if uses_csrf:
            self.csrf.process_request(request)
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
            self.csrf.process_response(request, response)
        response.content = b"" if request.method == "HEAD" else content
        response["Content-Length"] = str(len(content))
        response["Age"] = str(max(0, int(time.time() - stored_at)))
        response[HEADER] = "hit"
        # No public max-age: a browser's or proxy's copy cannot be retired on publish, so only
        # this cache keeps pages. A feed's or the calendar's validators still answer 304.
        if "ETag" in response or "Last-Modified" in response:
            response = get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
            response[HEADER] = "hit"
        return response
