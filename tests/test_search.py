"""Site search as visitors meet it: member organisations, bulletin posts by their kind and an
event's access, vacancies and pages, in one paginated list that says what each result is, its
deadline and status, at a fixed query cost and without writing to the database."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

import hub.search
from tests.bulletin.factories import BulletinIndexPageFactory, BulletinPostFactory, in_days
from tests.factories import StandardPageFactory
from tests.jobs.factories import JobsIndexPageFactory, VacancyFactory
from tests.members.factories import (
    BoroughFactory,
    EqualityAreaFactory,
    OrganisationFactory,
    make_directory,
)
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home):
    """A home page with a bulletin, a jobs board and a member directory under it."""
    return {
        "bulletin": BulletinIndexPageFactory(parent=home),
        "jobs": JobsIndexPageFactory(parent=home),
        "directory": make_directory(home),
    }


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def results(html):
    """{title: the result's text} for each result on the page."""
    return {
        item.select_one(".card__title").get_text(strip=True): item.get_text(" ", strip=True)
        for item in html.select(".search-results > li")
    }


def titles(client, query):
    return set(results(search(client, query)))


# Member organisations


def test_an_organisation_is_found_by_name_borough_and_equality_area(client, site):
    lewisham = BoroughFactory(name="Lewisham", slug="lewisham")
    deaf = EqualityAreaFactory(name="Deaf people", slug="deaf-people")
    organisation = OrganisationFactory(
        name="Riverside Tenants Forum",
        short_description="Tenants organising together.",
        boroughs=[lewisham],
        equality_areas=[deaf],
    )
    # The index task reads the row at post_save, before modelcluster writes the last relation
    # set; in production the worker runs after the commit. Save again, as an editor would.
    organisation.save()
    for query in ("Riverside", "Lewisham", "Deaf"):
        html = search(client, query)
        found = results(html)
        assert "Riverside Tenants Forum" in found, query
        text = found["Riverside Tenants Forum"]
        assert text.startswith("Member organisation"), text
        assert "Tenants organising together." in text
        assert "Lewisham" in text and "Deaf people" in text
    link = html.find("a", string="Riverside Tenants Forum")["href"]
    assert link == "/members/riverside-tenants-forum/"
    assert client.get(link).status_code == 200


def test_an_unlisted_organisation_is_not_found(client, site):
    OrganisationFactory(name="Hidden Draft Group", live=False)
    OrganisationFactory(name="Hidden Lapsed Group", status="lapsed")
    OrganisationFactory(name="Hidden Active Group")
    assert titles(client, "Hidden") == {"Hidden Active Group"}


def test_organisations_are_left_out_while_there_is_no_directory(client, home):
    OrganisationFactory(name="Homeless Shelter Trust")
    StandardPageFactory(parent=home, title="Shelter guide", slug="shelter")
    html = search(client, "Shelter")
    assert set(results(html)) == {"Shelter guide"}
    assert "1 result." in html.get_text()


# Bulletin posts


def test_consultation_finds_a_survey_or_consultation_by_its_kind(client, site):
    BulletinPostFactory(
        parent=site["bulletin"], consultation=True, title="Tell us about hate crime reporting"
    )
    BulletinPostFactory(parent=site["bulletin"], title="Office closed on Friday")
    found = results(search(client, "consultation"))
    assert set(found) == {"Tell us about hate crime reporting"}
    text = found["Tell us about hate crime reporting"]
    assert text.startswith("Survey or consultation")
    assert "Open" in text and "Closes" in text
    assert "What Tell us about hate crime reporting is about." in text


@pytest.mark.parametrize(
    ("query", "trait", "kind"),
    [
        ("funding", "funding", "Funding call"),
        ("grant", "funding", "Funding call"),
        ("workshop", "event", "Event or workshop"),
        ("event", "event", "Event or workshop"),
        ("survey", "consultation", "Survey or consultation"),
        ("news", None, "News"),
    ],
)
def test_every_kind_is_found_by_its_name(client, site, query, trait, kind):
    BulletinPostFactory(
        parent=site["bulletin"], title="Spring round", **({trait: True} if trait else {})
    )
    found = results(search(client, query))
    # Only the post, and for "news" the bulletin page, which calls itself news.
    assert set(found) - {"Bulletin"} == {"Spring round"}
    assert found["Spring round"].startswith(kind)


def test_bsl_finds_events_with_bsl_interpretation_only(client, site):
    BulletinPostFactory(
        parent=site["bulletin"], event=True, title="Signed open day", bsl_interpreted=True
    )
    BulletinPostFactory(
        parent=site["bulletin"], event=True, title="Quiet open day", step_free=False, captioned=True
    )
    assert titles(client, "BSL") == {"Signed open day"}
    assert titles(client, "captions") == {"Quiet open day"}
    assert titles(client, "step-free") == {"Signed open day"}  # the factory's events are


# Vacancies


def test_a_vacancy_is_found_by_employer_and_place(client, site):
    VacancyFactory(
        parent=site["jobs"],
        title="Advice worker",
        employer_name="Deptford Law Centre",
        place="Catford",
        summary="Give free legal advice.",
        closes_at=in_days(20),
    )
    for query in ("Deptford Law", "Catford"):
        found = results(search(client, query))
        assert list(found) == ["Advice worker"], query
        text = found["Advice worker"]
        assert text.startswith("Vacancy")
        assert "Give free legal advice." in text
        assert "Deptford Law Centre" in text
        assert "Open" in text and "Closes" in text


def test_closed_items_are_marked_closed(client, site):
    VacancyFactory(parent=site["jobs"], title="Closed youth worker", closes_at=in_days(-2))
    BulletinPostFactory(
        parent=site["bulletin"],
        funding=True,
        title="Closed youth fund",
        deadline=in_days(-2),
    )
    VacancyFactory(parent=site["jobs"], title="Open youth worker", closes_at=in_days(2))
    html = search(client, "youth")
    closed = {
        item.select_one(".card__title").get_text(strip=True): item.select_one(".status").get_text()
        for item in html.select(".search-results > li.search-result--closed")
    }
    assert closed == {"Closed youth worker": "Closed", "Closed youth fund": "Closed"}
    found = results(html)
    for title in ("Closed youth worker", "Closed youth fund"):
        assert "Closed 5pm, " in found[title], found[title]  # the moment, not only "Closed"
    assert "Closing soon" in found["Open youth worker"]
    assert found["Closed youth fund"].startswith("Funding call")


def test_each_kind_of_thing_appears_once_in_one_list(client, site):
    """A post or vacancy is a Wagtail page too, but comes only from its app's source."""
    StandardPageFactory(parent=site["directory"].get_parent(), title="Lantern guide", slug="lg")
    BulletinPostFactory(parent=site["bulletin"], title="Lantern walk")
    VacancyFactory(parent=site["jobs"], title="Lantern maker")
    OrganisationFactory(name="Lantern Collective")
    html = search(client, "Lantern")
    items = [
        li.select_one(".card__title").get_text(strip=True)
        for li in html.select(".search-results > li")
    ]
    items = [item for item in items if item.startswith("Lantern")]
    assert sorted(items) == ["Lantern Collective", "Lantern guide", "Lantern maker", "Lantern walk"]
    kinds = {
        li.select_one(".card__title").get_text(strip=True): li.select_one(
            ".search-result__kind"
        ).get_text()
        for li in html.select(".search-results > li")
    }
    assert kinds == {
        "Lantern walk": "News",
        "Lantern maker": "Vacancy",
        "Lantern Collective": "Member organisation",
        "Lantern guide": "Standard page",
    }
    assert "4 results." in html.get_text()


# Pagination and cost


def make_results(site, count, start=0, only=None):
    """`count` results, all found by "harbour": of every source in turn, or `only` one."""
    boroughs = [BoroughFactory(name="Southwark", slug="southwark")]
    for number in range(start, start + count):
        match number % 4 if only is None else only:
            case 0:
                BulletinPostFactory(
                    parent=site["bulletin"], event=True, title=f"Harbour event {number}"
                )
            case 1:
                VacancyFactory(
                    parent=site["jobs"],
                    title=f"Harbour job {number}",
                    organisation=OrganisationFactory(),
                )
            case 2:
                OrganisationFactory(name=f"Harbour group {number}", boroughs=boroughs)
            case 3:
                StandardPageFactory(
                    parent=site["directory"].get_parent(),
                    title=f"Harbour page {number}",
                    slug=f"harbour-{number}",
                )


def test_results_are_paginated_across_sources(client, site):
    make_results(site, 23)
    seen = []
    for page in (1, 2, 3):
        html = search(client, "harbour", page=page)
        seen += list(results(html))
        assert "23 results." in html.get_text()
    assert len(seen) == 23 and len(set(seen)) == 23
    assert search(client, "harbour", page=1).find("a", rel="next")["href"] == "?q=harbour&page=2"


@pytest.mark.parametrize("source", range(4))
def test_a_page_of_results_costs_the_same_queries_at_5_and_50_results(client, site, source):
    """One source at a time, so that both pages read the same sources."""
    make_results(site, 5, only=source)
    small = count_queries(client, "/search/", {"q": "harbour"})
    assert len(results(search(client, "harbour"))) == 5
    make_results(site, 45, start=5, only=source)
    assert len(results(search(client, "harbour"))) == 10
    large = count_queries(client, "/search/", {"q": "harbour"})
    assert large == small, f"{small} queries at 5 results, {large} at 50"


def test_a_page_mixing_every_source_costs_no_more_as_results_grow(client, site):
    make_results(site, 8)
    small = count_queries(client, "/search/", {"q": "harbour"})
    make_results(site, 42, start=8)
    assert count_queries(client, "/search/", {"q": "harbour", "page": 3}) <= small
    assert count_queries(client, "/search/", {"q": "harbour"}) <= small


def test_a_search_writes_nothing(client, site):
    make_results(site, 8)
    client.get("/search/", {"q": "harbour"})  # per-process caches warmed, as for any visitor
    with CaptureQueriesContext(connection) as queries:
        assert results(search(client, "harbour"))
    writes = [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert not writes, writes


# Odd input


def test_empty_and_hostile_queries_answer_with_escaped_text(client, site):
    assert client.get("/search/").status_code == 200
    assert client.get("/search/", {"q": ""}).status_code == 200
    hostile = '<script>alert("x")</script> ("&*'
    response = client.get("/search/", {"q": hostile})
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text
    long_query = "consultation " * 400  # 5,200 characters
    response = client.get("/search/", {"q": long_query[:5000], "page": "999"})
    assert response.status_code == 200
    response = client.get("/search/", {"q": "x" * 5000})
    assert response.status_code == 200
    assert "Nothing matches" in response.text


def test_the_best_match_comes_first_when_more_match_than_are_ranked(client, site, monkeypatch):
    monkeypatch.setattr(hub.search, "RANKED_MATCHES", 5)
    # The best match, the word in its title, is the oldest: published before the others.
    best = BulletinPostFactory(parent=site["bulletin"], title="Lighthouse keepers' fund")
    for number in range(8):
        BulletinPostFactory(
            parent=site["bulletin"],
            title=f"Quay news {number}",
            summary=f"Word from the quay, and from the lighthouse {number}.",
        )
    html = search(client, "lighthouse")
    found = list(results(html))
    assert found[0] == best.title
    if connection.vendor == "postgresql":
        # Only the five likeliest are ranked, and the list says there are more.
        assert len(found) == 5
        assert "5 or more results, the likeliest first." in html.get_text()
    else:
        assert len(found) == 9


def test_drafts_take_no_place_among_the_ranked_matches(client, site, monkeypatch):
    monkeypatch.setattr(hub.search, "RANKED_MATCHES", 3)
    for number in range(4):
        BulletinPostFactory(parent=site["bulletin"], title=f"Lighthouse draft {number}", live=False)
    BulletinPostFactory(parent=site["bulletin"], title="Lighthouse open day")
    html = search(client, "lighthouse")
    assert list(results(html)) == ["Lighthouse open day"]
    assert "1 result." in html.get_text()
