"""The digest in the Wagtail admin: compile the next one, edit it (subject, preview text,
introduction, the order of items, dropping items), preview the exact email, send a test, and
schedule it or send it now."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton

from hub.mailchimp import MailchimpError
from newsletter import digests, emails, sending
from newsletter.models import Digest
from newsletter.rendering import render_email
from newsletter.tasks import send_digest_task

EDITABLE = {Digest.Status.DRAFT, Digest.Status.FAILED}


class AddressesForm(forms.Form):
    addresses = forms.CharField(
        label="Send a test to",
        help_text="Email addresses, separated by commas.",
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )

    def clean_addresses(self):
        addresses = [a.strip() for a in self.cleaned_data["addresses"].split(",") if a.strip()]
        field = forms.EmailField()
        for address in addresses:
            field.clean(address)
        if not addresses:
            raise forms.ValidationError("Give at least one address.")
        return addresses


class ScheduleForm(forms.Form):
    moment = forms.DateTimeField(
        label="Send at (London time)",
        help_text="On the quarter hour: :00, :15, :30 or :45.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 900}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )


class DigestIndexView(IndexView):
    @property
    def header_buttons(self):
        return [
            HeaderButton(
                "Compile the next digest",
                url=reverse("newsletter_digests:compile"),
                icon_name="plus",
            )
        ]

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        actions = [
            ("Preview email", "preview_html", 40),
            ("Preview plain text", "preview_text", 41),
        ]
        if instance.status in EDITABLE:
            actions += [
                ("Send a test", "send_test", 42),
                ("Schedule", "schedule", 43),
                ("Send now", "send_now", 44),
            ]
        for label, name, priority in actions:
            buttons.append(
                ListingButton(
                    label,
                    url=reverse(f"newsletter_digests:{name}", args=[instance.pk]),
                    priority=priority,
                )
            )
        return buttons


class DigestEditView(EditView):
    """Only a draft (or a digest whose sending failed) can change: what is scheduled or sent
    stays as it went out."""

    def dispatch(self, request, *args, **kwargs):
        digest = get_object_or_404(Digest, pk=kwargs["pk"])
        if digest.status not in EDITABLE:
            messages.warning(
                request, f"Digest {digest.number} is {digest.get_status_display().lower()}."
            )
            return redirect("newsletter_digests:index")
        return super().dispatch(request, *args, **kwargs)


class DigestViewSet(ModelViewSet):
    model = Digest
    icon = "mail"
    menu_label = "Newsletter digests"
    add_to_admin_menu = True
    menu_order = 255
    url_prefix = "newsletter/digests"
    url_namespace = "newsletter_digests"
    index_view_class = DigestIndexView
    edit_view_class = DigestEditView
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "number",
        "subject",
        Column("status", label="Status", accessor="get_status_display"),
        DateColumn("period_start", label="From"),
        DateColumn("period_end", label="Up to"),
        DateColumn("sent_at", label="Sent"),
        Column("last_error", label="Last error"),
    ]
    list_filter = ["status"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("compile/", compile_next, name="compile"),
            path("<int:pk>/preview/html/", preview_html, name="preview_html"),
            path("<int:pk>/preview/text/", preview_text, name="preview_text"),
            path("<int:pk>/test/", send_test, name="send_test"),
            path("<int:pk>/schedule/", schedule, name="schedule"),
            path("<int:pk>/send/", send_now, name="send_now"),
        ]


def action_page(request, digest, title, explanation, form, submit_label):
    return render(
        request,
        "admin/newsletter/digest_action.html",
        {
            "title": f"{title}: digest {digest.number}",
            "explanation": explanation,
            "form": form,
            "submit_label": submit_label,
            "back_url": reverse("newsletter_digests:index"),
        },
    )


def compile_next(request):
    """Opens the next digest: the one not yet sent if there is one (it never makes a second),
    else a new draft of what is new."""
    digest, created = digests.compile_next()
    if digest is None:
        messages.info(request, "Nothing new since the last digest.")
        return redirect("newsletter_digests:index")
    if not created:
        messages.info(request, f"Digest {digest.number} is not sent yet: here it is.")
    return redirect("newsletter_digests:edit", digest.pk)


def preview_html(request, pk):
    html, _ = render_email(get_object_or_404(Digest, pk=pk), sending.MAILCHIMP_UNSUBSCRIBE)
    return HttpResponse(html)


def preview_text(request, pk):
    _, text = render_email(get_object_or_404(Digest, pk=pk), sending.MAILCHIMP_UNSUBSCRIBE)
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def editable_or_redirect(request, pk):
    digest = get_object_or_404(Digest, pk=pk)
    if digest.status in EDITABLE:
        return digest, None
    messages.warning(request, f"Digest {digest.number} is {digest.get_status_display().lower()}.")
    return digest, redirect("newsletter_digests:index")


def send_test(request, pk):
    digest, refused = editable_or_redirect(request, pk)
    if refused:
        return refused
    form = AddressesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            messages.success(request, sending.send_test(digest, form.cleaned_data["addresses"]))
        except (MailchimpError, emails.EmailNotSent, sending.DigestBusy) as error:
            messages.error(request, f"The test was not sent: {error}")
        return redirect("newsletter_digests:index")
    return action_page(
        request,
        digest,
        "Send a test",
        "The exact email goes to these addresses. The digest itself stays unsent.",
        form,
        "Send the test",
    )


def schedule(request, pk):
    digest, refused = editable_or_redirect(request, pk)
    if refused:
        return refused
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            messages.success(
                request,
                sending.schedule(digest, form.cleaned_data["moment"], user=request.user),
            )
            return redirect("newsletter_digests:index")
        except ValueError as error:
            form.add_error("moment", str(error))
        except (MailchimpError, sending.DigestBusy) as error:
            messages.error(request, f"The digest was not scheduled: {error}")
            return redirect("newsletter_digests:index")
    return action_page(
        request,
        digest,
        "Schedule",
        "The digest goes to every subscriber at this time. Edit it first: once scheduled, it "
        "cannot change.",
        form,
        "Schedule",
    )


def send_now(request, pk):
    digest, refused = editable_or_redirect(request, pk)
    if refused:
        return refused
    if request.method == "POST":
        send_digest_task.enqueue(digest.pk, request.user.pk)
        messages.success(
            request,
            f"Digest {digest.number} is being sent. Its status here changes to Sent when it has "
            "gone; it is never sent twice.",
        )
        return redirect("newsletter_digests:index")
    return action_page(
        request,
        digest,
        "Send now",
        f"Send “{digest.subject}” to every subscriber now ({timezone.localtime():%H:%M}). "
        "This cannot be undone.",
        forms.Form(),
        "Send now",
    )
