"""What the benchmark measures: the pages that grow with content, and the newsletter digest
compiled from what is new, at each size."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Page

from bulletin.models import BulletinIndexPage, BulletinPost
from hub.models import HomePage, StandardPage
from jobs.models import JobsIndexPage, Vacancy
from members.models import MemberDirectoryPage, Organisation
from newsletter import digests
from tests.bulletin.factories import (
    KIND_TRAITS,
    BulletinIndexPageFactory,
    BulletinPostFactory,
    make_posts,
)
from tests.factories import StandardPageFactory, make_site
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.members.factories import OrganisationFactory, make_directory


def build(size):
    """Tops the database up to `size` pages, posts and organisations; returns (label, url)."""
    home = HomePage.objects.first() or make_site()
    bulletin = BulletinIndexPage.objects.first() or BulletinIndexPageFactory(parent=home)
    directory = MemberDirectoryPage.objects.first() or make_directory(home)
    jobs = JobsIndexPage.objects.first() or JobsIndexPageFactory(parent=home)

    for n in range(StandardPage.objects.count(), size):
        StandardPageFactory(parent=home, title=f"Equality page {n}", show_in_menus=n < 6)
    posts = BulletinPost.objects.count()
    make_posts(bulletin, size - posts, start=posts)
    for n in range(Organisation.objects.count(), size):
        OrganisationFactory(name=f"Equality organisation {n}", user_led=n % 2 == 0)
    for n in range(Vacancy.objects.count(), size):
        VacancyFactory(parent=jobs, title=f"Vacancy {n}", slug=f"vacancy-{n}")

    return [
        ("home", "/"),
        ("standard page", "/equality-page-0/"),
        ("search 'equality'", "/search/?q=equality"),
        ("sitemap.xml", "/sitemap.xml"),
        ("bulletin index", bulletin.url),
        ("bulletin kind+tag+status", f"{bulletin.url}?kind=consultation&tag=data&status=open"),
        ("bulletin closing soonest", f"{bulletin.url}?sort=closing&status=open"),
        ("bulletin RSS", f"{bulletin.url}feed/rss/"),
        ("bulletin calendar", f"{bulletin.url}calendar/"),
        ("bulletin post", BulletinPost.objects.first().url),
        ("jobs board", jobs.url),
        (
            "jobs board, three filters",
            f"{jobs.url}?location=london-wide&hours=up-to-16&contract=fixed-term",
        ),
        ("jobs RSS", f"{jobs.url}feed/"),
        ("vacancy", Vacancy.objects.first().url),
        ("member directory", directory.url),
        ("directory, user-led + search", f"{directory.url}?user_led=on&q=equality"),
    ]


# Each new item in the digest is one of these in turn: a post of every kind, then a vacancy.
DIGEST_KINDS = [*KIND_TRAITS, "vacancy"]
DIGEST_SLUG = "digest-item-"


def digest_cut_off():
    """When the digest is compiled: later than every date the pages above were given, by more
    than a first digest's period, so none of their posts or vacancies is new or still open then
    and the digest holds exactly the items `build_digest` makes."""
    latest = [
        timezone.now(),
        Page.objects.aggregate(latest=Max("first_published_at"))["latest"],
        BulletinPost.objects.aggregate(latest=Max("closes_at"))["latest"],
        Vacancy.objects.aggregate(latest=Max("closes_at"))["latest"],
    ]
    return max(filter(None, latest)) + timedelta(days=digests.first_period_days() + 1)


def build_digest(size, now):
    """Tops the database up to `size` items new in the digest cut off at `now`: posts of every
    kind and vacancies in turn, first published a minute apart going back from `now`. Those
    with a closing date close 1 to 21 days after it: a third this week, under "Closing this
    week". Each item is a Wagtail page saved through the tree by the tests' factories, all in
    one transaction: pages cannot be bulk-created (multi-table inheritance, tree paths)."""
    home = HomePage.objects.first() or make_site()
    bulletin = BulletinIndexPage.objects.first() or BulletinIndexPageFactory(parent=home)
    jobs = JobsIndexPage.objects.first() or JobsIndexPageFactory(parent=home)
    made = Page.objects.filter(slug__startswith=DIGEST_SLUG).count()
    with transaction.atomic():
        for n in range(made, size):
            kind = DIGEST_KINDS[n % len(DIGEST_KINDS)]
            published = now - timedelta(minutes=n + 1)
            closes = now + timedelta(days=n // len(DIGEST_KINDS) % 21 + 1)
            page = {"title": f"Digest item {n}", "slug": f"{DIGEST_SLUG}{n}"}
            if kind == "vacancy":
                VacancyFactory(parent=jobs, first_published_at=published, closes_at=closes, **page)
                continue
            dates = {
                "consultation": {"deadline": closes},
                "funding": {"deadline": closes},
                "event": {"starts_at": closes},
            }.get(kind, {})
            trait = {kind: True} if kind else {}
            BulletinPostFactory(
                parent=bulletin, first_published_at=published, **page, **trait, **dates
            )
