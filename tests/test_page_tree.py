"""The page tree's rules: which page types editors can create where, and how many.

The home page sits at the root; each app's index page sits once under it; bulletin posts and
vacancies sit under their own index only. Standard pages go anywhere that does not restrict its
children.
"""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from bulletin.models import BulletinIndexPage, BulletinPost
from hub.models import HomePage, StandardPage
from jobs.models import JobsIndexPage, Vacancy
from members.models import MemberDirectoryPage
from tests.bulletin.factories import BulletinIndexPageFactory
from tests.factories import HomePageFactory
from tests.jobs.factories import JobsIndexPageFactory
from tests.members.factories import make_directory

INDEX_PAGES = [BulletinIndexPage, JobsIndexPage, MemberDirectoryPage]
# Page types that leave their children open (no subpage_types): any page type whose parents
# allow them may go under them.
OPEN_PARENTS = [Page, HomePage, StandardPage, MemberDirectoryPage]
# Wagtail's base Page counts as an allowed child of open parents, though editors can never
# create one (Page.is_creatable is False).
OPEN_CHILDREN = {Page, StandardPage}


class PageTypeRules(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_takes_any_open_page_type(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)
        self.assertAllowedSubpageTypes(HomePage, {*OPEN_CHILDREN, *INDEX_PAGES})

    def test_standard_pages_go_under_any_page_that_leaves_its_children_open(self):
        self.assertAllowedParentPageTypes(StandardPage, set(OPEN_PARENTS))
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertAllowedSubpageTypes(StandardPage, OPEN_CHILDREN)
        for parent in (BulletinIndexPage, BulletinPost, JobsIndexPage, Vacancy):
            self.assertCanNotCreateAt(parent, StandardPage)

    def test_each_index_page_sits_under_the_home_page_only(self):
        for index in INDEX_PAGES:
            with self.subTest(index=index.__name__):
                self.assertAllowedParentPageTypes(index, {HomePage})
                self.assertCanCreateAt(HomePage, index)
                for parent in (Page, StandardPage, *INDEX_PAGES):
                    self.assertCanNotCreateAt(parent, index)

    def test_bulletin_posts_live_in_the_bulletin_index_only(self):
        self.assertAllowedSubpageTypes(BulletinIndexPage, {BulletinPost})
        self.assertAllowedParentPageTypes(BulletinPost, {BulletinIndexPage})
        self.assertCanCreateAt(BulletinIndexPage, BulletinPost)
        for parent in (HomePage, StandardPage, JobsIndexPage, MemberDirectoryPage):
            self.assertCanNotCreateAt(parent, BulletinPost)
        self.assertAllowedSubpageTypes(BulletinPost, set())

    def test_vacancies_live_in_the_jobs_index_only(self):
        self.assertAllowedSubpageTypes(JobsIndexPage, {Vacancy})
        self.assertAllowedParentPageTypes(Vacancy, {JobsIndexPage})
        self.assertCanCreateAt(JobsIndexPage, Vacancy)
        for parent in (HomePage, StandardPage, BulletinIndexPage, MemberDirectoryPage):
            self.assertCanNotCreateAt(parent, Vacancy)
        self.assertAllowedSubpageTypes(Vacancy, set())

    def test_the_member_directory_takes_standard_pages_only(self):
        # The directory sets no subpage_types, so any page type whose parents allow it fits.
        self.assertAllowedSubpageTypes(MemberDirectoryPage, OPEN_CHILDREN)
        self.assertCanCreateAt(MemberDirectoryPage, StandardPage)
        self.assertCanNotCreateAt(MemberDirectoryPage, BulletinPost)
        self.assertCanNotCreateAt(MemberDirectoryPage, Vacancy)


# max_count: the page types above say where a page may go; these say how many there may be.


@pytest.mark.django_db
def test_there_is_one_home_page():
    assert HomePage.max_count == 1
    root = Page.get_first_root_node()
    assert HomePage.can_create_at(root)
    HomePageFactory(parent=root, slug="home-one")
    assert not HomePage.can_create_at(root)


@pytest.mark.parametrize(
    ("index", "make"),
    [
        (BulletinIndexPage, lambda home: BulletinIndexPageFactory(parent=home)),
        (JobsIndexPage, lambda home: JobsIndexPageFactory(parent=home)),
        (MemberDirectoryPage, make_directory),
    ],
    ids=["bulletin", "jobs", "members"],
)
def test_each_index_page_exists_once(home, index, make):
    assert index.max_count == 1
    assert index.can_create_at(home)
    make(home)
    assert not index.can_create_at(home)


@pytest.mark.parametrize("page_type", [StandardPage, BulletinPost, Vacancy])
def test_content_pages_have_no_limit(page_type):
    assert page_type.max_count is None
