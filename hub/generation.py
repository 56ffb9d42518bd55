"""What visitors see, and when it last changed: the "generation" every cached copy of public
content is stored under (anonymous pages in hub.pagecache; routes, site settings and rendered
parts of pages through `remember`).

Publishing, unpublishing, moving or deleting a page, and saving a site setting, snippet, image,
document, site or view restriction bumps the generation (hub.signals); a copy of an older
generation is never used. An app whose public records are none of those calls
`content_changed()` itself. A copy also lives no longer than the next moment an item closes or
starts closing soon (`next_deadline`), when listings and badges change without a publish.

While the cache is unreachable (hub.cache.ForgivingRedisCache answers None), everything is
built afresh."""

import math
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from wagtail.models import Page

# The module, not the class: hub.closing's querysets use `remember` from here.
from hub import closing

GENERATION_KEY = "pagecache:generation"
DEADLINE_KEY = "pagecache:deadline:{}"
NO_DEADLINE = 0.0


def content_changed(**kwargs):
    """Retire every cached copy. Takes any signal's arguments, so it can be a receiver.

    Bumped at once, so a later request in this transaction builds afresh, and again after the
    commit, so a copy built from the old rows while the transaction was open cannot be stored
    under the new generation."""
    _bump_generation()
    transaction.on_commit(_bump_generation)


def _bump_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        start_generation()


def start_generation():
    # Starts from the clock, not 1: if the key is evicted, no copy from before can match again.
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)


def closing_models():
    """Every installed model with a closing date, found without naming the apps that hold them."""
    return [model for model in apps.get_models() if issubclass(model, closing.ClosingDateMixin)]


def next_deadline(now=None):
    """The next moment after `now` when a live item closes or starts "closing soon", as a Unix
    timestamp, or None. A listing or a badge changes then, so no copy may be kept past it."""
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


def timeout_before_deadline(generation, seconds, now=None):
    """Seconds a copy stored now may be kept: `seconds`, cut short by the next deadline. The
    deadline is cached per generation, so it costs a query per closing model only after
    content changes, a deadline passes or `seconds` go by."""
    now = now or timezone.now()
    key = DEADLINE_KEY.format(generation)
    deadline = cache.get(key)
    if deadline is None or (deadline != NO_DEADLINE and deadline <= now.timestamp()):
        deadline = next_deadline(now) or NO_DEADLINE
        cache.set(key, deadline, timeout=seconds)
    if deadline == NO_DEADLINE:
        return seconds
    # Rounded down: a copy expires before its deadline, never after.
    return max(0, min(seconds, math.floor(deadline - now.timestamp())))


def remember(key, build, until_deadline=False, now=None):
    """`build()`'s value, kept in the default cache under `key` for CONTENT_CACHE_SECONDS and
    for this generation only (and, with `until_deadline`, only until the next deadline). Costs
    one cache round trip when kept; with CONTENT_CACHE_SECONDS = 0, just `build()`."""
    seconds = settings.CONTENT_CACHE_SECONDS
    if seconds <= 0:
        return build()
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if entry is not None and generation is not None and entry[0] == generation:
        return entry[1]
    generation = generation or start_generation()
    value = build()
    if generation is not None:
        if until_deadline:
            seconds = timeout_before_deadline(generation, seconds, now)
        if seconds > 0:
            cache.set(key, (generation, value), seconds)
    return value
