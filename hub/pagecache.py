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

Invalidation: every entry carries the "generation" it was built under; publishing, unpublishing,
moving or deleting a page, and saving a site setting, snippet, image, document or site bumps the
generation (hub.signals), and an entry of an older generation is never served. An app whose
public records are none of those calls `content_changed()` itself. An entry also lives no longer
than settings.PAGE_CACHE_SECONDS (which bounds how stale "closes in 3 days" gets) and no longer
than the next moment an item closes or starts closing soon (`next_deadline`).

`X-Page-Cache: hit` or `miss` on every request the cache could answer; `Age` on hits.
"""

import math
import re
import time
from hashlib import blake2b

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import transaction
from django.db.models import Min, Q
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from wagtail.models import Page

from hub.closing import ClosingDateMixin
from hub.middleware import ACCOUNT_PATH, AdminPathMixin

HEADER = "X-Page-Cache"
GENERATION_KEY = "pagecache:generation"
ENTRY_KEY = "pagecache:page:{}"
DEADLINE_KEY = "pagecache:deadline:{}"
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
NO_DEADLINE = 0.0


def content_changed(**kwargs):
    """Retire every cached page. Takes any signal's arguments, so it can be a receiver.

    Bumped at once, so a later request in this transaction builds afresh, and again after the
    commit, so a page rendered from the old rows while the transaction was open cannot be stored
    under the new generation."""
    _bump_generation()
    transaction.on_commit(_bump_generation)


def _bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        _start_generation()


def _start_generation():
    # Starts from the clock, not 1: if the key is evicted, no entry from before can match again.
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)


def closing_models():
    """Every installed model with a closing date, found without naming the apps that hold them."""
    return [model for model in apps.get_models() if issubclass(model, ClosingDateMixin)]


def next_deadline(now=None):
    """The next moment after `now` when a live item closes or starts "closing soon", as a Unix
    timestamp, or None. A listing or a badge changes then, so no page may be kept past it."""
    now = now or timezone.now()
    moments = []
    for model in closing_models():
        items = model._default_manager.all()
        if issubclass(model, Page):
            items = items.filter(live=True)
        soon = model.closing_soon
        found = items.aggregate(
            closes=Min("closes_at", filter=Q(closes_at__gt=now)),
            soon=Min("closes_at", filter=Q(closes_at__gt=now + soon)),
        )
        if found["closes"]:
            moments.append(found["closes"])
        if found["soon"]:
            moments.append(found["soon"] - soon)
    return min(moments).timestamp() if moments else None


def entry_timeout(generation, now=None):
    """Seconds a page stored now may be kept: PAGE_CACHE_SECONDS, cut short by the next deadline.
    The deadline is cached per generation, so storing a page costs a query per closing model
    only after content changes, a deadline passes or PAGE_CACHE_SECONDS go by."""
    now = now or timezone.now()
    seconds = settings.PAGE_CACHE_SECONDS
    key = DEADLINE_KEY.format(generation)
    deadline = cache.get(key)
    if deadline is None or (deadline != NO_DEADLINE and deadline <= now.timestamp()):
        deadline = next_deadline(now) or NO_DEADLINE
        cache.set(key, deadline, timeout=seconds)
    if deadline == NO_DEADLINE:
        return seconds
    # Rounded down: an entry expires before its deadline, never after.
    return max(0, min(seconds, math.floor(deadline - now.timestamp())))


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
            generation = _start_generation()
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
