"""The digest at network scale stays whole in Gmail, which clips a message over 102 KB of HTML
and so hides its end, the unsubscribe link with it: each section shows its first items and links
to the listing on the site that has the rest, in the email, the plain text and the archive."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Site

from bench.data import pages_under
from newsletter import digests
from newsletter.models import (
    DEFAULT_ITEMS_PER_SECTION,
    MAX_ITEMS_PER_SECTION,
    Digest,
    NewsletterSettings,
    Section,
)
from newsletter.rendering import render_email
from newsletter.sending import MAILCHIMP_UNSUBSCRIBE
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# Gmail clips past 102 KB: a margin for what Mailchimp adds (its footer, tracked links).
LIMIT = 100_000
KINDS = ["funding", "consultation", "event", None, "member_message"]
# As long as the real ones: titles of 60 to 80 characters, summaries near the 300 allowed.
SUMMARY = (
    "Small grants of up to £10,000 for community groups working with young Londoners on "
    "mental health, wellbeing and access to services, with priority for groups led by the "
    "people they serve. Apply by the deadline; decisions within six weeks of it."
)


def title(words, number):
    return f"{words} across South and East London, round {number:04d}"


def build_post(number, published, organisations, kind=None, closes=None):
    fields = {kind: True} if kind else {}
    if closes:
        fields["deadline"] = closes
    post = BulletinPostFactory.build(
        title=title(f"Community {kind or 'news'} for mental health projects", number),
        slug=f"community-{kind or 'news'}-mental-health-{number}",
        summary=SUMMARY,
        first_published_at=published,
        organisation=organisations[number % len(organisations)],
        **fields,
    )
    if closes and kind == "event":
        post.starts_at, post.ends_at = (
            closes + timedelta(days=1),
            closes + timedelta(days=1, hours=2),
        )
    post.closes_at = post.derive_closes_at()  # what save() does; pages_under does not save
    return post


def build_vacancy(number, published, closes):
    vacancy = VacancyFactory.build(
        title=title("Youth and community development worker", number),
        slug=f"youth-community-development-worker-{number}",
        summary=SUMMARY,
        first_published_at=published,
        closes_at=closes,
    )
    vacancy.derive_fields()
    return vacancy


def publish(new, closing, now):
    """`new` items published in the last 14 days (every kind of post, and one in six a
    vacancy), and `closing` items published a month ago that close in the coming week (two in
    three posts: funding calls and consultations)."""
    home = make_site()
    bulletin = BulletinIndexPageFactory(parent=home)
    jobs = JobsIndexPageFactory(parent=home)
    organisations = OrganisationFactory.create_batch(20)
    posts, vacancies = [], []
    for number in range(new):
        published = now - timedelta(days=13) + timedelta(minutes=30 * number)
        if number % 6 == 5:
            vacancies.append(build_vacancy(number, published, now + timedelta(days=30)))
        else:
            kind = KINDS[number % len(KINDS)]
            closes = now + timedelta(days=30) if kind in {"funding", "consultation"} else None
            posts.append(build_post(number, published, organisations, kind, closes))
    a_month_ago = now - timedelta(days=30)
    for number in range(new, new + closing):
        closes = now + timedelta(days=1 + number % 6, minutes=number)
        if number % 3 == 2:
            vacancies.append(build_vacancy(number, a_month_ago, closes))
        else:
            kind = ["funding", "consultation"][number % 3]
            posts.append(build_post(number, a_month_ago, organisations, kind, closes))
    pages_under(bulletin, posts)
    pages_under(jobs, vacancies)


def compile_and_render(new, closing, **settings):
    now = timezone.now()
    publish(new, closing, now)
    newsletter_settings(**settings)
    digest, _ = digests.compile_next(now=now)
    html, text = render_email(digest, MAILCHIMP_UNSUBSCRIBE)
    return digest, html, text


def newsletter_settings(**fields):
    settings = NewsletterSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()


def shown(html):
    """[(section heading, [item titles], [(see-all words, address)])] as the email shows them."""
    sections = []
    for element in BeautifulSoup(html, "html.parser").select("h2, h3, .see-all a"):
        if element.name == "h2":
            sections.append((element.get_text(), [], []))
        elif element.name == "h3":
            sections[-1][1].append(element.get_text())
        else:
            sections[-1][2].append((element.get_text(), element["href"]))
    return sections


def section_items(digest):
    """{section: [titles]} of every item the digest holds, in its order."""
    items = {}
    for item in digest.digest_items.order_by("sort_order").select_related("page"):
        items.setdefault(Section(item.section).label, []).append(item.page.title)
    return items


def assert_in_order(text, fragments):
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing, or out of order"
        position = found + len(fragment)


def listed_on(client, address, titles):
    """{title: the page of the listing at `address` it is on}, following the listing's pages
    until every title is found or there are no more."""
    url = urlsplit(address)
    query = dict(parse_qsl(url.query))
    found, number = {}, 1
    while True:
        response = client.get(url.path, {**query, "page": number})
        assert response.status_code == 200, address
        page = response.content.decode()
        found |= {title: number for title in titles if title not in found and title in page}
        if len(found) == len(titles) or not response.context["page_obj"].has_next():
            return found
        number += 1


@pytest.mark.parametrize(("new", "closing"), [(50, 150), (500, 150)])
def test_a_digest_at_network_scale_is_under_gmail_s_limit_and_whole(new, closing):
    digest, html, text = compile_and_render(new, closing)

    size = len(html.encode())
    assert size < LIMIT, f"{new} new + {closing} closing: {size / 1000:.1f} KB of HTML"
    # The digest keeps every item for the editor; each section of the email shows its first 10.
    assert digest.digest_items.count() == new + closing
    held = section_items(digest)
    sections = shown(html)
    assert [heading for heading, _, _ in sections] == list(held)
    for heading, titles, see_all in sections:
        assert titles == held[heading][:DEFAULT_ITEMS_PER_SECTION]
        assert bool(see_all) == (len(held[heading]) > DEFAULT_ITEMS_PER_SECTION), heading
    assert [words for words, _ in sections[0][2]] == [
        "See all 100 posts closing this week on the website",
        "See all 50 jobs closing this week on the jobs board",
    ]
    # Each item is lean: styled by the rules in the style block, not by copies of its own.
    soup = BeautifulSoup(html, "html.parser")
    assert not [tag for tag in soup.select("h3, h3 a, .meta, .when, .summary") if tag.get("style")]
    assert soup.html["lang"] == "en-GB" and soup.select_one("[role=main] h1")
    # The footer and its unsubscribe link are there, at the end.
    footer = soup.select_one(".footer")
    assert footer.find("a", string="Unsubscribe")["href"] == MAILCHIMP_UNSUBSCRIBE
    assert "You get this email because you signed up" in footer.get_text()

    # The plain text shows the same items, in the same order, with the same links.
    fragments = []
    for heading, titles, see_all in sections:
        fragments += [heading.upper(), *titles]
        fragments += [part for words, address in see_all for part in (words, address)]
    assert_in_order(text, [*fragments, f"Unsubscribe: {MAILCHIMP_UNSUBSCRIBE}"])
    shown_titles = {title for _, titles, _ in sections for title in titles}
    not_shown = [title for titles in held.values() for title in titles if title not in shown_titles]
    assert not [title for title in not_shown if title in text or title in html]


def test_each_see_all_link_leads_to_a_listing_of_the_items_not_shown(client):
    digest, html, _ = compile_and_render(500, 150)
    held = section_items(digest)
    links = 0
    for heading, titles, see_all in shown(html):
        for words, address in see_all:
            links += 1
            jobs = "jobs board" in words
            omitted = [
                title
                for title in held[heading][len(titles) :]
                if title.startswith("Youth and community") == jobs
            ]
            found = listed_on(client, address, omitted)
            assert sorted(found) == sorted(omitted), f"{words}: some are not listed"
            # The first left out is on the listing's first page, the others in its first N.
            count = int(words.split()[2])
            assert found[omitted[0]] == 1, words
            assert max(found.values()) <= -(-count // (20 if jobs else 12)), words
    assert links == 8  # two under Closing this week, one under each other section


def test_the_editor_sets_how_many_each_section_shows_and_picks_them_by_their_order():
    digest, _, _ = compile_and_render(50, 150)
    newsletter_settings(digest_items_per_section=3)
    moved = digest.digest_items.filter(section=Section.CLOSING_THIS_WEEK).order_by("sort_order")
    moved = moved.last()
    moved.sort_order = -1
    moved.save()

    html, text = render_email(digest, MAILCHIMP_UNSUBSCRIBE)

    sections = shown(html)
    assert sections[0][1][0] == moved.page.title
    assert {len(titles) for _, titles, _ in sections} == {3}
    assert moved.page.title in text


def test_at_the_most_items_a_section_may_show_the_digest_stays_under_the_limit():
    _, html, _ = compile_and_render(500, 150, digest_items_per_section=MAX_ITEMS_PER_SECTION)
    assert [len(titles) for _, titles, _ in shown(html)] == [MAX_ITEMS_PER_SECTION] * 7
    size = len(html.encode())
    assert size < LIMIT, f"{MAX_ITEMS_PER_SECTION} a section: {size / 1000:.1f} KB of HTML"


def test_the_archived_issue_shows_what_the_email_showed(client):
    digest, html, _ = compile_and_render(500, 150)
    Digest.objects.filter(pk=digest.pk).update(status=Digest.Status.SENT, sent_at=timezone.now())

    response = client.get(f"/newsletter/issues/{digest.number}/")

    article = BeautifulSoup(response.content, "html.parser").select_one("article")
    archived = [
        (h2.get_text(), [h3.get_text(strip=True) for h3 in h2.find_next("ul").select("h3")])
        for h2 in article.select("h2")
    ]
    assert archived == [(heading, titles) for heading, titles, _ in shown(html)]
    emailed = [words for _, _, see_all in shown(html) for words, _ in see_all]
    links = [a for a in article.select("p > a") if a.get_text().startswith("See ")]
    assert [a.get_text() for a in links] == emailed
    assert not [a for a in links if "utm_" in a["href"]]  # tracking is for the email only
