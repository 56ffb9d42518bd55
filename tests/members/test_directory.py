"""The public directory: who is listed, search, filters, profiles and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Organisation
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory
from tests.members.factories import BoroughFactory, EqualityAreaFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    return {
        "hackney": BoroughFactory(name="Hackney", slug="hackney"),
        "southwark": BoroughFactory(name="Southwark", slug="southwark"),
        "london_wide": BoroughFactory(name="London-wide", slug="london-wide"),
        "deaf": EqualityAreaFactory(name="Deaf people", slug="deaf-people"),
        "roma": EqualityAreaFactory(
            name="Gypsy, Roma and Traveller communities",
            slug="gypsy-roma-and-traveller-communities",
        ),
    }


@pytest.fixture
def members(areas):
    return {
        "stag": OrganisationFactory(
            name="Southwark Travellers Action Group",
            short_description="A community organisation for Gypsies and Travellers.",
            boroughs=[areas["southwark"]],
            equality_areas=[areas["roma"]],
            user_led=True,
        ),
        "deaf_hackney": OrganisationFactory(
            name="Hackney Deaf Forum",
            short_description="Deaf people campaigning together.",
            boroughs=[areas["hackney"]],
            equality_areas=[areas["deaf"]],
            user_led=True,
        ),
        "pan_london": OrganisationFactory(
            name="Inclusion Across London",
            short_description="Working with Deaf and disabled Londoners everywhere.",
            boroughs=[areas["london_wide"]],
            equality_areas=[areas["deaf"]],
            user_led=False,
        ),
        "lapsed": OrganisationFactory(
            name="Lapsed Deaf Network",
            boroughs=[areas["hackney"]],
            equality_areas=[areas["deaf"]],
            status=Organisation.Status.LAPSED,
        ),
        "draft": OrganisationFactory(
            name="Unpublished Deaf Group", boroughs=[areas["hackney"]], live=False
        ),
    }


def listed_names(response):
    return [organisation.name for organisation in response.context["page_obj"]]


def test_lists_only_active_published_members_alphabetically(client, directory, members):
    response = client.get(directory.url)
    assert response.status_code == 200
    assert listed_names(response) == [
        "Hackney Deaf Forum",
        "Inclusion Across London",
        "Southwark Travellers Action Group",
    ]
    assert "3 organisations." in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "travellers"}, ["Southwark Travellers Action Group"]),
        ({"q": "deaf campaigning"}, ["Hackney Deaf Forum"]),
        # A borough includes organisations that work London-wide.
        ({"borough": "hackney"}, ["Hackney Deaf Forum", "Inclusion Across London"]),
        ({"borough": "london-wide"}, ["Inclusion Across London"]),
        ({"area": "deaf-people"}, ["Hackney Deaf Forum", "Inclusion Across London"]),
        ({"user_led": "on"}, ["Hackney Deaf Forum", "Southwark Travellers Action Group"]),
        ({"area": "deaf-people", "user_led": "on"}, ["Hackney Deaf Forum"]),
        ({"borough": "southwark", "area": "deaf-people"}, ["Inclusion Across London"]),
        ({"borough": "southwark", "area": "deaf-people", "user_led": "on"}, []),
        ({"q": "london", "borough": "hackney", "area": "deaf-people"}, ["Inclusion Across London"]),
    ],
)
def test_search_and_filters_combine(client, directory, members, query, expected):
    response = client.get(directory.url, query)
    assert response.status_code == 200
    assert listed_names(response) == expected
    if not expected:
        assert "No member organisations match" in response.content.decode()


def test_unknown_filter_values_are_ignored_not_an_error(client, directory, members):
    response = client.get(directory.url, {"borough": "atlantis"})
    assert response.status_code == 200
    assert len(listed_names(response)) == 3


def test_an_unknown_filter_value_leaves_the_other_filters_working(client, directory, members):
    response = client.get(directory.url, {"borough": "atlantis", "area": "deaf-people"})
    assert listed_names(response) == ["Hackney Deaf Forum", "Inclusion Across London"]


def test_national_lists_national_organisations_not_london_wide_ones(client, directory, areas):
    national = BoroughFactory(name="National", slug="national")
    OrganisationFactory(name="UK Deaf Alliance", boroughs=[national])
    OrganisationFactory(name="Inclusion Across London", boroughs=[areas["london_wide"]])
    response = client.get(directory.url, {"borough": "national"})
    assert listed_names(response) == ["UK Deaf Alliance"]


def test_filters_keep_their_values_in_the_form_and_pagination(client, directory, areas):
    for number in range(25):
        OrganisationFactory(name=f"Group {number:02}", boroughs=[areas["hackney"]])
    response = client.get(directory.url, {"borough": "hackney", "page": "1"})
    html = response.content.decode()
    assert '<option value="hackney" selected>' in html
    assert "?borough=hackney&amp;page=2" in html
    assert len(listed_names(response)) == 20
    second = client.get(directory.url, {"borough": "hackney", "page": "2"})
    assert len(listed_names(second)) == 5


def test_profile_shows_a_listed_organisation(client, directory, members):
    organisation = members["stag"]
    response = client.get(organisation.get_absolute_url())
    assert organisation.get_absolute_url() == f"/members/{organisation.slug}/"
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Southwark Travellers Action Group</h1>" in html
    assert "Southwark" in html and "Gypsy, Roma and Traveller communities" in html
    assert "mailto:info@example.org" in html


@pytest.mark.parametrize("which", ["lapsed", "draft"])
def test_profile_of_lapsed_or_unpublished_organisation_is_404(client, directory, members, which):
    response = client.get(f"{directory.url}{members[which].slug}/")
    assert response.status_code == 404


def test_unknown_profile_is_404(client, directory):
    assert client.get(f"{directory.url}no-such-group/").status_code == 404


def count_queries(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(queries), len(response.context["page_obj"])


def add_organisations(areas, first, count):
    for number in range(first, first + count):
        OrganisationFactory(
            name=f"Group {number:03}",
            user_led=True,
            boroughs=[areas["hackney"], areas["southwark"]],
            equality_areas=[areas["deaf"], areas["roma"]],
        )


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"q": "group"},
        {"borough": "hackney"},
        {"area": "deaf-people"},
        {"user_led": "on"},
        {"borough": "hackney", "area": "deaf-people", "user_led": "on", "q": "group"},
    ],
)
def test_directory_runs_the_same_number_of_queries_for_5_or_50_organisations(
    client, directory, areas, filters
):
    add_organisations(areas, 0, 5)
    # A first request fills per-process caches (content types, the site), as in production.
    client.get(directory.url, filters)
    queries_for_5, shown = count_queries(client, directory.url, filters)
    assert shown == 5
    add_organisations(areas, 5, 45)
    queries_for_50, shown = count_queries(client, directory.url, filters)
    assert shown == 20  # the first page of 50
    assert queries_for_5 == queries_for_50
    # Measured: 17 queries unfiltered, 19 with every filter (most are Wagtail's page serving).
    assert queries_for_50 <= 20


def test_profile_lists_the_organisations_latest_live_bulletin_posts(client, directory, members):
    bulletin = BulletinIndexPageFactory(parent=directory.get_parent())
    organisation = members["stag"]
    BulletinPostFactory(parent=bulletin, title="Youth worker wanted", organisation=organisation)
    BulletinPostFactory(parent=bulletin, title="Draft post", organisation=organisation, live=False)
    BulletinPostFactory(parent=bulletin, title="Someone else's news")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "in the bulletin" in html
    assert "Youth worker wanted" in html
    assert "Draft post" not in html
    assert "Someone else&#x27;s news" not in html and "Someone else's news" not in html


def test_sitemap_lists_the_directory_and_each_listed_profile(client, directory, members):
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert "/members/</loc>" in xml
    assert f"/members/{members['stag'].slug}/</loc>" in xml
    assert members["lapsed"].slug not in xml
    assert members["draft"].slug not in xml
