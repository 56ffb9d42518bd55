"""What the benchmark measures: the pages that grow with content, at each size."""

from bulletin.models import BulletinIndexPage, BulletinPost
from hub.models import HomePage, StandardPage
from jobs.models import JobsIndexPage, Vacancy
from members.models import MemberDirectoryPage, Organisation
from tests.bulletin.factories import BulletinIndexPageFactory, make_posts
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
        ("member directory", directory.url),
        ("directory, user-led + search", f"{directory.url}?user_led=on&q=equality"),
    ]
