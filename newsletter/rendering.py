"""A digest as its readers get it: the email's HTML and plain text, and the same content for the
web archive.

Each section shows its first items, in the digest's order (`NewsletterSettings` says how many),
and links to the listing on the site that has the rest: Gmail clips an email over 102 KB of HTML,
hiding its end and the unsubscribe link with it, whatever was published. The digest's items stay
whole (the editor reorders them to choose what shows); only what is shown is capped, the same in
the email, the plain text and the archive.

Items are read from the live pages when the digest is rendered, so the email says what the site
says at that moment; an item unpublished since it was compiled is left out."""

from dataclasses import dataclass
from urllib.parse import urlencode

import css_inline
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from bulletin import filters as bulletin_filters
from bulletin.models import BulletinIndexPage, BulletinPost
from hub import deadlines
from hub.email import default_site_setting, network_name, network_settings
from jobs import filters as job_filters
from jobs.models import JobsIndexPage, Vacancy
from newsletter.models import DEFAULT_ITEMS_PER_SECTION, NewsletterSettings, Section

UTM = {"utm_source": "newsletter", "utm_medium": "email"}


def tracked(url, query):
    return f"{url}{'&' if '?' in url else '?'}{query}"


class Entry:
    """One item as the digest shows it."""

    def __init__(self, page, query):
        self.title = page.title
        self.page_url = page.get_full_url()
        self.url = tracked(self.page_url, query)
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


@dataclass
class SeeAll:
    """A link from a section to the listing on the site that shows all its items, these first:
    `words` are the link's text, `url` carries the email's tracking, `page_url` does not."""

    words: str
    page_url: str
    url: str


def counted(count, singular, plural):
    return f"all {count} {plural}" if count > 1 else f"the one {singular}"


def listing_of(page, model, listings):
    """The bulletin or jobs board `page` is in, looked up once per digest in `listings`."""
    path = page.path[: -page.steplen]
    if path not in listings:
        listings[path] = model.objects.get(path=path)
    return listings[path]


def bulletin_listing(index, query=None, kind=None):
    """The bulletin's posts of `kind`, or with `query`'s filters."""
    url = index.get_full_url()
    if kind:
        url += index.reverse_subpage("kind_posts", args=[kind])
    return f"{url}?{urlencode(query)}" if query else url


def jobs_board(board, order):
    return f"{board.get_full_url()}?{urlencode({'sort': order})}"


def see_all_links(section, pages, shown, query, listings):
    """Links to the listings that show a section's items first, where some are not shown: the
    bulletin's posts of the section's kind (newest first, as the digest orders them) or closing
    in the next 14 days (soonest first), and the jobs board, newest or closing soonest first."""
    posts = [page for page in pages if isinstance(page, BulletinPost)]
    jobs = [page for page in pages if isinstance(page, Vacancy)]
    omitted = {page.pk for page in pages[shown:]}
    closing = section == Section.CLOSING_THIS_WEEK
    links = []
    if omitted.intersection(post.pk for post in posts):
        if closing:
            words = counted(len(posts), "post", "posts") + " closing this week"
            filters = {"status": deadlines.CLOSING_SOON_STATUS, "sort": bulletin_filters.CLOSING}
            url = bulletin_listing(listing_of(posts[0], BulletinIndexPage, listings), filters)
        else:
            kind = posts[0].kind
            plural = bulletin_filters.KIND_PLURALS[kind]
            # "all 84 news posts since the last issue", not "new news posts".
            words = counted(len(posts), "post", plural) + " since the last issue"
            url = bulletin_listing(listing_of(posts[0], BulletinIndexPage, listings), kind=kind)
        links.append((f"See {words} on the website", url))
    if omitted.intersection(job.pk for job in jobs):
        if closing:
            words = counted(len(jobs), "job", "jobs") + " closing this week"
            order = job_filters.CLOSING
        else:
            words, order = counted(len(jobs), "new job", "new jobs"), job_filters.NEWEST
        board = listing_of(jobs[0], JobsIndexPage, listings)
        links.append((f"See {words} on the jobs board", jobs_board(board, order)))
    return [SeeAll(words, url, tracked(url, query)) for words, url in links]


class ShownSection:
    """A section as the digest shows it: its first `shown` pages as entries, and links to all
    of them on the site."""

    def __init__(self, section, pages, shown, query, listings):
        self.label = Section(section).label
        self.entries = [Entry(page, query) for page in pages[:shown]]
        self.see_all = see_all_links(section, pages, shown, query, listings)


def items_per_section():
    newsletter = default_site_setting(NewsletterSettings)
    return newsletter.digest_items_per_section if newsletter else DEFAULT_ITEMS_PER_SECTION


def digest_sections(digest):
    """[ShownSection, …] in the digest's order, live pages only."""
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
            sections.setdefault(item.section, []).append(page)
    query = urlencode({**UTM, "utm_campaign": digest.campaign_title})
    shown, listings = items_per_section(), {}
    return [
        ShownSection(section, sections[section], shown, query, listings)
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
    subscriber's own signed link when the site sends the digest itself.

    email.css is inlined into the email's frame, for clients that drop style sheets; the rules
    for what each item repeats stay in the template's style block, which every client the
    network's readers use applies, rather than being copied into every item."""
    data = context(digest, unsubscribe_url)
    html = render_to_string("email/newsletter/digest.html", data)
    inliner = css_inline.CSSInliner(
        extra_css=email_stylesheet(), inline_style_tags=False, keep_style_tags=True
    )
    return inliner.inline(html), render_to_string("email/newsletter/digest.txt", data)
