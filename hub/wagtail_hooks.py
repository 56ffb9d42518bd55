"""The core's admin behaviour, for every page type that closes."""

from django.contrib import messages
from django.utils import timezone
from wagtail import hooks

from hub.closing import ClosingDateMixin


@hooks.register("after_publish_page")
def warn_when_closing_date_has_passed(request, page):
    """Publishing a closed item is allowed (a record of a past consultation, say), but the
    editor should know that readers will see it as closed. A scheduled page is checked against
    the moment it goes live."""
    if not isinstance(page.specific, ClosingDateMixin):
        return
    # A live page's row keeps its old dates until a scheduled revision goes live.
    item = page.specific.get_latest_revision_as_object()
    closes_at = item.derive_closes_at()
    now = timezone.now()
    scheduled = item.go_live_at is not None and item.go_live_at > now
    if closes_at is None or closes_at > (item.go_live_at if scheduled else now):
        return
    if scheduled:
        done = (
            f"“{item.title}” is scheduled, but its {item.closing_label} passes before it goes live"
        )
    else:
        done = f"“{item.title}” is published, but its {item.closing_label} has already passed"
    messages.warning(
        request,
        f"{done}, so readers will see it as closed. Check the date if that is not what you meant.",
    )
