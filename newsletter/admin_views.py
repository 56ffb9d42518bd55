"""Staff's data-request screens for one subscriber: export and erase."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from wagtail.admin.views.generic import DeleteView

from hub.mailchimp import MailchimpError
from newsletter import data_requests
from newsletter.models import Subscriber


def export_subscriber(request, pk):
    subscriber = get_object_or_404(Subscriber, pk=pk)
    data = data_requests.export(subscriber)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="subscriber-{pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


class EraseSubscriberView(DeleteView):
    """Wagtail's delete confirmation, erasing everywhere instead of deleting one row; and,
    unlike a plain delete, leaving no history entry that names the address."""

    page_title = "Erase subscriber"
    success_message = "Subscriber erased: nothing about them is kept."

    def confirmation_message(self):
        return (
            "Erase everything held on this subscriber, here and in the Mailchimp audience? "
            "This cannot be undone. Export their data first if they asked for a copy."
        )

    def get_success_message(self):
        return self.success_message

    def delete_action(self):
        data_requests.erase(self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except MailchimpError as error:
            messages.error(
                self.request,
                f"Nothing was erased: Mailchimp could not delete the contact ({error.message}). "
                "Try again in a few minutes.",
            )
            return redirect(self.get_success_url())
