"""Limits on public forms that send email or create records, counted in the shared cache.

Built on django-ratelimit's counters. Only accepted posts count (the view answered with a
redirect), so someone correcting mistakes in a long form is never locked out."""

from functools import wraps

from django.shortcuts import render
from django_ratelimit.core import get_usage


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
