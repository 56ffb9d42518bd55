"""Closing dates: the one set of rules for open, closing soon and closed.

Anything that stops taking responses at a moment (a survey, a funding call, an event's
registration, a vacancy) stores that moment in an indexed `closes_at` column. Listings filter with
`ClosingDateQuerySet`; a single item answers with `ClosingDateMixin`. Both follow
`hub.deadlines.deadline_status`, so a listing, a page and a count agree to the minute.
"""

from django.db.models import Q
from django.utils import timezone

from hub import deadlines
from hub.pages import PublicPageQuerySet


def open_q(now=None):
    return Q(closes_at__gt=now or timezone.now())


def closed_q(now=None):
    return Q(closes_at__lte=now or timezone.now())


def closing_soon_q(now=None, soon=deadlines.CLOSING_SOON):
    now = now or timezone.now()
    return Q(closes_at__gt=now, closes_at__lte=now + soon)


STATUS_FILTERS = {
    deadlines.OPEN: open_q,
    deadlines.CLOSING_SOON_STATUS: closing_soon_q,
    deadlines.CLOSED: closed_q,
}


class ClosingDateQuerySet(PublicPageQuerySet):
    """Pages with a `closes_at` column. An item without a closing date is neither open nor
    closed: it never appears under a status."""

    def dated(self):
        return self.filter(closes_at__isnull=False)

    def open(self, now=None):
        return self.filter(open_q(now))

    def closing_soon(self, now=None):
        return self.filter(closing_soon_q(now, self.model.closing_soon))

    def closed(self, now=None):
        return self.filter(closed_q(now))

    def with_status(self, status, now=None):
        """open, closing_soon or closed, as `hub.deadlines` names them."""
        if status == deadlines.CLOSING_SOON_STATUS:
            return self.closing_soon(now)
        return self.filter(STATUS_FILTERS[status](now))

    def closing_soonest_first(self):
        return self.order_by("closes_at", "-first_published_at", "-pk")

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")


class ClosingDateMixin:
    """What one item says about its closing date. The model provides `closes_at`; every method
    takes `now`, so a test can pin the minute."""

    #: How the deadline is introduced: "Closes 5pm, Thursday 3 December 2026 (in 3 days)".
    closing_verb = "Closes"
    #: What `closes_at` means, in an editor's words: "its closing date has already passed".
    closing_label = "closing date"
    #: How long before closing an item is marked "closing soon".
    closing_soon = deadlines.CLOSING_SOON

    def derive_closes_at(self):
        """`closes_at` as it will be saved; a model that derives it from other fields says how."""
        return self.closes_at

    def is_open(self, now=None):
        return self.closes_at is None or self.closes_at > (now or timezone.now())

    def deadline_status(self, now=None):
        """open, closing_soon or closed; None when there is no date to meet."""
        return deadlines.deadline_status(self.closes_at, now, self.closing_soon)

    def status_label(self, now=None):
        """The status badge: "Open", "Closing soon: 3 days left", "Closes today", "Closed"."""
        return deadlines.deadline_label(self.closes_at, now, self.closing_soon)

    def deadline_text(self, now=None):
        """ "Closes 5pm, Thursday 3 December 2026 (in 3 days)", or "Closed" once it has passed."""
        if self.closes_at is None:
            return ""
        return deadlines.describe_deadline(self.closes_at, now, verb=self.closing_verb)

    def closing_words(self):
        """The deadline without a countdown, for text read days later (an email, a feed):
        "Closes 5pm, Thursday 3 December 2026"."""
        if self.closes_at is None:
            return ""
        return f"{self.closing_verb} {deadlines.describe_moment(self.closes_at)}"

    def closed_text(self):
        """The closing moment without a countdown, for "This vacancy closed at …"."""
        return deadlines.describe_moment(self.closes_at) if self.closes_at else ""
