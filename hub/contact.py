"""The contact page: its form, what people may send, how long the network keeps it, and the
staff email each message queues."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from hub.email import queue_templated
from hub.forms import NoControlCharactersMixin, NoLabelColonMixin
from hub.models import ContactMessage, NetworkSettings, StandardPage
from hub.ratelimit import limit_accepted_posts

# Messages are deleted by staff once dealt with, and kept no longer than this.
RETENTION_MONTHS = 12

MESSAGE_MAX_LENGTH = 5000


def prune_messages(now=None):
    """Deletes the messages older than RETENTION_MONTHS (a month counted as 31 days, so none
    outlives the promise); returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=31 * RETENTION_MONTHS)
    deleted, _ = ContactMessage.objects.filter(created_at__lt=cutoff).delete()
    return deleted


class ContactForm(NoControlCharactersMixin, NoLabelColonMixin, forms.ModelForm):
    reply_by = forms.ChoiceField(
        label="How should we reply?",
        choices=ContactMessage.REPLY_BY,
        initial="email",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "phone", "reply_by", "message"]
        labels = {
            "name": "Your name",
            "email": "Your email address",
            "phone": "Your phone number (optional)",
            "message": "Your message",
        }
        help_texts = {
            "phone": "Only if you would like us to call you or send a text message.",
        }
        error_messages = {
            "name": {"required": "Enter your name."},
            "email": {
                "required": "Enter your email address.",
                "invalid": "Enter an email address like name@example.org.",
            },
            "message": {"required": "Enter your message."},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "message": forms.Textarea(attrs={"rows": 8, "maxlength": MESSAGE_MAX_LENGTH}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].max_length = MESSAGE_MAX_LENGTH
        self.fields["message"].validators.append(MaxLengthValidator(MESSAGE_MAX_LENGTH))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reply_by") in ("phone", "text") and not cleaned.get("phone"):
            self.add_error("phone", "Enter a phone number so we can call you or send a text.")
        return cleaned


def contact_per_hour():
    return settings.CONTACT_RATE_LIMIT_PER_HOUR


def editable_page(request):
    """The live page the page tree has at this address (the demo's "Contact us"): its intro
    and body head the form, so staff edit them in the admin like any page."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    url_path = site.root_page.url_path + request.path.strip("/") + "/"
    page = Page.objects.live().public().filter(url_path=url_path).specific().first()
    return page if isinstance(page, StandardPage) else None


@limit_accepted_posts("hub.contact", per_hour=contact_per_hour, email_field="email")
def contact(request):
    network = NetworkSettings.for_request(request)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            message = form.save()
            if network.contact_email:
                queue_templated(
                    network.contact_email,
                    "email/hub/contact_message",
                    {
                        "message": message,
                        "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                        + reverse("contact_message:inspect", args=[message.pk]),
                    },
                    key=f"contact-message-{message.pk}",
                    headers={"Reply-To": message.email},
                )
        return redirect("contact_sent")
    return render(
        request,
        "pages/hub/contact.html",
        {
            "form": form,
            "page": editable_page(request),
            "network": network,
            "retention_months": RETENTION_MONTHS,
        },
    )


@require_GET
def contact_sent(request):
    return render(
        request,
        "pages/hub/contact_sent.html",
        {"network": NetworkSettings.for_request(request), "retention_months": RETENTION_MONTHS},
    )
