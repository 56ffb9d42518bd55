"""A digest as its readers get it: the email's HTML (CSS inlined by css-inline, for email
clients that ignore style sheets) and plain text, and the same content for the web archive.

Items are read from the live pages when the digest is rendered, so the email says what the site
says at that moment; an item unpublished since it was compiled is left out."""

from urllib.parse import urlencode

import css_inline
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from bulletin.models import BulletinPost
from hub.email import network_name, network_settings
from jobs.models import Vacancy
from newsletter.models import Section

UTM = {"utm_source": "newsletter", "utm_medium": "email"}


class Entry:
    """One item as the digest shows it."""

    def __init__(self, page, digest):
        self.title = page.title
        query = urlencode({**UTM, "utm_campaign": digest.campaign_title})
        self.page_url = page.get_full_url()
        self.url = f"{self.page_url}?{query}"
        self.organisation = page.organisation.name if page.organisation else ""
        if isinstance(page, Vacancy):
            self.organisation = page.employer
        self.when = page.closing_words()
        self.summary = page.summary
        self.kind = page.get_kind_display() if isinstance(page, BulletinPost) else "Job"
        self.facts = (
            [page.location_text(), page.salary_text(), page.hours_text()]
            if isinstance(page, Vacancy)
            else []
        )


def digest_sections(digest):
    """[(section label, [Entry, …]), …] in the digest's order, live pages only."""
    items = list(digest.digest_items.order_by("sort_order", "pk"))
    page_ids = [item.page_id for item in items]
    pages = {
        **BulletinPost.objects.live().public().select_related("organisation").in_bulk(page_ids),
        **Vacancy.objects.live()
        .public()
        .select_related("organisation", "borough")
        .in_bulk(page_ids),
    }
    sections = {}
    for item in items:
        if page := pages.get(item.page_id):
            sections.setdefault(item.section, []).append(Entry(page, digest))
    return [
        (Section(section).label, sections[section])
        for section in Section.values
        if section in sections
    ]


def context(digest, unsubscribe_url):
    network = network_settings()
    return {
        "digest": digest,
        "sections": digest_sections(digest),
        "network_name": network_name(),
        "contact_email": network.contact_email if network else "",
        "unsubscribe_url": unsubscribe_url,
    }


def email_stylesheet():
    with open(finders.find("css/email.css"), encoding="utf-8") as stylesheet:
        return stylesheet.read()


def render_email(digest, unsubscribe_url):
    """(html, plain text). `unsubscribe_url` is Mailchimp's *|UNSUB|* merge tag, or the
    subscriber's own signed link when the site sends the digest itself."""
    data = context(digest, unsubscribe_url)
    html = render_to_string("email/newsletter/digest.html", data)
    inliner = css_inline.CSSInliner(extra_css=email_stylesheet(), keep_style_tags=True)
    return inliner.inline(html), render_to_string("email/newsletter/digest.txt", data)
