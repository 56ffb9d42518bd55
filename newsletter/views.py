"""Signing up, confirming and unsubscribing on the site, and Mailchimp's webhook.

A sign-up is saved and answered at once; talking to Mailchimp (or emailing the confirmation
link) is a background task. The answer is the same whether or not the address was known."""

import hmac
import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from hub.ratelimit import limit_accepted_posts
from newsletter import links
from newsletter.forms import SignupForm
from newsletter.models import (
    FIRST_SYNC_BACKSTOP,
    Digest,
    Interest,
    NewsletterSettings,
    Subscriber,
)
from newsletter.rendering import digest_sections
from newsletter.tasks import sync_subscriber

logger = logging.getLogger(__name__)

LATEST_ISSUES = 10


def newsletter_settings(request):
    """Read once per request, however many forms the page shows."""
    return NewsletterSettings.for_request(request)


def signup_form(request, data=None, prefix_id=""):
    wording = newsletter_settings(request).consent_wording
    return SignupForm(data, consent_wording=wording, prefix_id=prefix_id)


def signup_source(request):
    """The page the form was on (its hidden `source` field) when that is a path on this site,
    else the page that took the post: the consent record never stores what a visitor forged."""
    source = request.POST.get("source", "")
    if source.startswith("/") and not source.startswith("//") and source.isprintable():
        return source[:500]
    return request.path


def save_signup(form, request, now=None):
    """Create or update the subscriber with what they just agreed to, then sync in the
    background. Someone who had unsubscribed and signs up again is waiting for confirmation."""
    data = form.cleaned_data
    now = now or timezone.now()
    subscriber, _ = Subscriber.objects.update_or_create(
        email=data["email"],
        defaults={
            "first_name": data["first_name"].strip(),
            "interests": data["interests"],
            "consent_text": form.fields["consent"].label,
            "consented_at": now,
            "consent_source": signup_source(request),
            "sync_state": Subscriber.SyncState.WAITING,
            "next_sync_at": now + FIRST_SYNC_BACKSTOP,
        },
    )
    if subscriber.status in {Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.CLEANED}:
        subscriber.status = Subscriber.Status.PENDING
        subscriber.save(update_fields=["status"])
    sync_subscriber.enqueue(subscriber.pk)
    return subscriber


def signup_per_hour():
    return settings.NEWSLETTER_SIGNUP_RATE_LIMIT_PER_HOUR


@limit_accepted_posts("newsletter.signup", per_hour=signup_per_hour, email_field="email")
def signup(request):
    form = signup_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_signup(form, request)
        return redirect("newsletter:thanks")
    return render(
        request,
        "pages/newsletter/signup.html",
        {
            "form": form,
            "newsletter": newsletter_settings(request),
            "latest_issues": Digest.objects.filter(status=Digest.Status.SENT)[:LATEST_ISSUES],
        },
        status=400 if form.is_bound else 200,
    )


def issue(request, number):
    """A sent digest, readable on the site."""
    digest = get_object_or_404(Digest, number=number, status=Digest.Status.SENT)
    return render(
        request,
        "pages/newsletter/issue.html",
        {"digest": digest, "sections": digest_sections(digest)},
    )


def thanks(request):
    return render(request, "pages/newsletter/thanks.html")


def confirm(request, token):
    """The link in the site's own confirmation email (used when Mailchimp is not set up)."""
    subscriber = links.subscriber_from_token(
        token, links.CONFIRM_SALT, max_age=links.CONFIRM_MAX_AGE
    )
    if subscriber is None:
        return render(request, "pages/newsletter/link_problem.html", status=400)
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.SUBSCRIBED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
    return render(request, "pages/newsletter/confirmed.html", {"subscriber": subscriber})


@csrf_exempt  # the signed token is the credential; mail clients' one-click unsubscribe POSTs too
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriber = links.subscriber_from_token(token, links.UNSUBSCRIBE_SALT)
    if subscriber is None:
        return render(request, "pages/newsletter/link_problem.html", status=400)
    if request.method == "POST":
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.save(update_fields=["status"])
        return render(request, "pages/newsletter/unsubscribed.html")
    return render(request, "pages/newsletter/unsubscribe.html", {"subscriber": subscriber})


# Mailchimp's webhook: what changes in the audience is recorded here.

WEBHOOK_STATUSES = {
    "subscribe": Subscriber.Status.SUBSCRIBED,
    "unsubscribe": Subscriber.Status.UNSUBSCRIBED,
    "cleaned": Subscriber.Status.CLEANED,
}


@csrf_exempt
@require_http_methods(["GET", "POST"])
def mailchimp_webhook(request, secret):
    """Mailchimp's webhooks are not signed, so the secret is in the URL, compared in constant
    time. Saving the webhook in Mailchimp sends a GET first, which must answer 200."""
    expected = settings.MAILCHIMP_WEBHOOK_SECRET
    if not expected or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise Http404("No such webhook.")
    if request.method == "POST":
        apply_webhook(request.POST)
    return HttpResponse("OK", content_type="text/plain")


def interests_from_group_names(names):
    """Mailchimp sends the ticked interest groups by name: "Jobs, Funding"."""
    ticked = {name.strip().lower() for name in names.split(",")}
    return [value for value, label in Interest.choices if label.lower() in ticked]


def apply_webhook(data):
    kind = data.get("type")
    email = (data.get("data[new_email]") if kind == "upemail" else data.get("data[email]")) or ""
    old_email = data.get("data[old_email]", "") if kind == "upemail" else email
    subscriber = Subscriber.objects.filter(email=old_email.strip().lower()).first()
    if subscriber is None:
        return
    changed = []
    if kind in WEBHOOK_STATUSES:
        subscriber.status = WEBHOOK_STATUSES[kind]
        changed.append("status")
    new_email = email.strip().lower()
    if kind == "upemail" and new_email and not Subscriber.objects.filter(email=new_email).exists():
        subscriber.email = new_email
        changed.append("email")
    if kind in {"subscribe", "profile"}:
        if "data[merges][FNAME]" in data:
            subscriber.first_name = data["data[merges][FNAME]"].strip()[:100]
            changed.append("first_name")
        if "data[merges][INTERESTS]" in data:
            subscriber.interests = interests_from_group_names(data["data[merges][INTERESTS]"])
            changed.append("interests")
    if changed:
        subscriber.save(update_fields=changed)
        logger.info("Mailchimp webhook %r updated subscriber %s", kind, subscriber.pk)
