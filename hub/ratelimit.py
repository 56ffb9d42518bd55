"""Limits on logins and on public forms that send email or create records, counted in the
cache every worker and server shares (RATELIMIT_USE_CACHE: Redis, or a database table).

Built on django-ratelimit's counters. Forms count accepted posts only (the view answered with
a redirect), so someone correcting mistakes in a long form is never locked out; logins count
failed attempts only."""

import base64
import math
import pickle
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateformat import time_format
from django_ratelimit.core import get_usage


class DatabaseCounterCache(DatabaseCache):
    """Django's database cache, for counting when there is no Redis: every worker of a server
    sees the same counts. Its increment holds the row's lock from reading to writing
    (Django's reads, then writes, so two workers counting at once could lose one) and keeps
    the count's expiry (Django's resets it to the default timeout)."""

    def incr(self, key, delta=1, version=None):
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, key_column, value_column = (quote(self._table), quote("cache_key"), quote("value"))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # An update that changes nothing takes the lock before the read: the row's on
            # PostgreSQL, the database's on SQLite (which then waits rather than fails).
            cursor.execute(
                f"UPDATE {table} SET {key_column} = {key_column} WHERE {key_column} = %s",  # noqa: S608 -- quoted names
                [cache_key],
            )
            value = self.get(key, self._missing_key, version=version)
            if value is self._missing_key:
                raise ValueError(f"Key '{key}' not found.")
            value += delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s",  # noqa: S608
                [encoded, cache_key],
            )
        return value


def limit_accepted_posts(
    group,
    per_hour,
    email_field=None,
    user_key=False,
    template_name="pages/hub/rate_limited.html",
):
    """Allow `per_hour()` accepted posts an hour from one IP address and, when `email_field` is
    given, for the address typed into it; then answer with a friendly 429 page. Blank
    addresses share no count. `per_hour` is a function, so settings are read per request.

    With `user_key`, a signed-in person is counted by their account instead of their IP
    address (colleagues in one office share an address); anyone else still by IP."""

    def rate(group, request):
        return f"{per_hour()}/h"

    def email_key(group, request):
        return request.POST.get(email_field, "").strip().lower()

    def usages(request, increment):
        """Each count's usage; counting them up too when increment is true."""
        keys = ["user_or_ip" if user_key else "ip"]
        if email_field and email_key(group, request):
            keys.append(email_key)
        found = [
            get_usage(request, group=group, key=key, rate=rate, method="POST", increment=increment)
            for key in keys
        ]
        # None when RATELIMIT_ENABLE is off.
        return [usage for usage in found if usage is not None]

    def decorator(view):
        @wraps(view)
        def limited_view(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            if any(usage["count"] >= usage["limit"] for usage in usages(request, increment=False)):
                return render(request, template_name, status=429)
            response = view(request, *args, **kwargs)
            if response.status_code == 302:
                usages(request, increment=True)
            return response

        return limited_view

    return decorator


# Logins ---------------------------------------------------------------------------------------


def login_account(group, request):
    """The account a login attempt names: the username typed, or the username of the one
    account with the email address typed, so trying both ways counts once."""
    typed = request.POST.get("username", "").strip().lower()
    if "@" in typed:
        usernames = (
            get_user_model()
            .objects.filter(email__iexact=typed)
            .values_list("username", flat=True)[:2]
        )
        if len(usernames) == 1:
            return usernames[0].lower()
    return typed


def login_usages(request, increment):
    """Failed logins counted from the client's address and, when one is typed, for the
    account; one count for both login pages, so switching between them gains nothing."""
    minutes = settings.LOGIN_LIMIT_MINUTES
    counts = [("ip", settings.LOGIN_FAILURES_PER_ADDRESS)]
    if login_account("hub.login", request):
        counts.append((login_account, settings.LOGIN_FAILURES_PER_ACCOUNT))
    found = [
        get_usage(
            request,
            group=f"hub.login.{'ip' if key == 'ip' else 'account'}",
            key=key,
            rate=f"{limit}/{minutes}m",
            method="POST",
            increment=increment,
        )
        for key, limit in counts
    ]
    return [usage for usage in found if usage is not None]  # None: RATELIMIT_ENABLE is off


def retry_message(seconds, now=None):
    until = timezone.localtime(now or timezone.now()) + timedelta(seconds=seconds)
    minutes = max(1, math.ceil(seconds / 60))
    return (
        "Too many failed attempts to log in to this account or from your connection. To keep "
        f"accounts safe, logging in is paused until {time_format(until, 'g:i a')} (in "
        f"{minutes} minute{'s' if minutes != 1 else ''}). Then try again, or reset your password."
    )


def limit_failed_logins(view):
    """After LOGIN_FAILURES_PER_ACCOUNT failed logins for one account, or
    LOGIN_FAILURES_PER_ADDRESS from one address, within LOGIN_LIMIT_MINUTES, every login
    there is refused until the count's window ends, even with the right password, so guessing
    gains nothing. The refusal is the login page itself, with a 429 status, Retry-After and
    a message saying when to try again."""

    @wraps(view)
    def limited_view(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        blocked = [u for u in login_usages(request, increment=False) if u["count"] >= u["limit"]]
        if blocked:
            wait = max(60, *(usage["time_left"] for usage in blocked))
            messages.error(request, retry_message(wait))
            # The page as it first loads: an empty form, usable again once the wait is over.
            request.method = "GET"
            response = view(request, *args, **kwargs)
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        response = view(request, *args, **kwargs)
        if response.status_code != 302:  # not logged in
            login_usages(request, increment=True)
        return response

    return limited_view
