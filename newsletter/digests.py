"""Compiling the next digest: everything first published since the previous digest's cut-off,
up to now, in sections, plus what closes this week.

The cut-off (the watermark) is stored on our side, on each digest, so nothing is judged new by
dates in a feed: an item published a second after one digest's cut-off is in the next one, and
in no other. Items already closed never go in."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from bulletin.choices import Kind
from bulletin.models import BulletinPost
from hub import closing
from hub.email import default_site_setting
from jobs.models import Vacancy
from newsletter.models import Digest, DigestItem, NewsletterSettings, Section

CLOSING_THIS_WEEK = timedelta(days=7)
KIND_SECTIONS = {
    Kind.FUNDING: Section.FUNDING,
    Kind.CONSULTATION: Section.CONSULTATIONS,
    Kind.EVENT: Section.EVENTS,
    Kind.NEWS: Section.NEWS,
    Kind.MEMBER_MESSAGE: Section.MEMBER_MESSAGES,
}
SECTION_ORDER = list(Section.values)


def first_period_days():
    newsletter = default_site_setting(NewsletterSettings)
    return newsletter.first_digest_days if newsletter else 14


def select_items(start, end):
    """(page, section) pairs in the order the email shows them: closing this week first
    (soonest first), then each section. An item appears once: a new item that closes this
    week is under "Closing this week"."""
    new_posts = list(
        BulletinPost.objects.live()
        .public()
        .filter(first_published_at__gt=start, first_published_at__lte=end)
        .exclude(closing.closed_q(end))
        .newest_first()
    )
    new_vacancies = list(
        Vacancy.objects.live()
        .public()
        .open(end)
        .filter(first_published_at__gt=start, first_published_at__lte=end)
        .closing_soonest_first()
    )
    week_end = end + CLOSING_THIS_WEEK
    closing_posts = (
        BulletinPost.objects.live()
        .public()
        .open(end)
        .filter(deadline__isnull=False, closes_at__lte=week_end)
    )
    closing_vacancies = Vacancy.objects.live().public().open(end).filter(closes_at__lte=week_end)
    closing_soon = sorted([*closing_posts, *closing_vacancies], key=lambda page: page.closes_at)
    closing_ids = {page.pk for page in closing_soon}

    pairs = [(page, Section.CLOSING_THIS_WEEK) for page in closing_soon]
    pairs += [(post, KIND_SECTIONS[post.kind]) for post in new_posts if post.pk not in closing_ids]
    pairs += [(vacancy, Section.JOBS) for vacancy in new_vacancies if vacancy.pk not in closing_ids]
    return sorted(pairs, key=lambda pair: SECTION_ORDER.index(pair[1]))


def has_new_items(pairs):
    return any(section != Section.CLOSING_THIS_WEEK for _, section in pairs)


def open_digest():
    """The digest being prepared or sent, if any: the editor's draft, or one a crashed or
    failed run left behind. It is finished before a new one is compiled."""
    return Digest.objects.exclude(status=Digest.Status.SENT).order_by("number").first()


def compile_next(now=None):
    """The digest to send next: the open one if there is one, else a new draft of what is new.
    Returns (digest, created); (None, False) when nothing is new since the last cut-off."""
    if digest := open_digest():
        return digest, False
    now = now or timezone.now()
    last = Digest.objects.order_by("-number").first()
    start = last.period_end if last else now - timedelta(days=first_period_days())
    pairs = select_items(start, now)
    if not has_new_items(pairs):
        return None, False
    number = last.number + 1 if last else 1
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                number=number,
                period_start=start,
                period_end=now,
                subject=default_subject(number, pairs),
                preview_text=default_preview(pairs),
            )
            DigestItem.objects.bulk_create(
                DigestItem(digest=digest, page=page, section=section, sort_order=position)
                for position, (page, section) in enumerate(pairs)
            )
    except IntegrityError:
        # Another run compiled this period at the same moment: use theirs.
        return open_digest(), False
    return digest, True


def default_subject(number, pairs):
    return f"Newsletter {number}: what is new, and what closes this week"


def default_preview(pairs):
    counts = {}
    for _, section in pairs:
        counts[section] = counts.get(section, 0) + 1
    return "; ".join(f"{Section(section).label}: {count}" for section, count in counts.items())
