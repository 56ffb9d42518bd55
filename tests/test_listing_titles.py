"""Listings name their active filters in the page's title and heading, and their results
heading asks for focus only after filtering; form labels say "(optional)" where a field may be
left blank; long addresses break at their @ and dots, not mid-word."""

import pytest
from bs4 import BeautifulSoup
from django import forms

from hub.templatetags.hub_layout import address_breaks, says_optional
from tests.bulletin.factories import BulletinPostFactory, in_days, make_bulletin
from tests.factories import make_site
from tests.jobs.factories import VacancyFactory, make_jobs_board
from tests.members.factories import (
    BoroughFactory,
    EqualityAreaFactory,
    OrganisationFactory,
    make_directory,
)

pytestmark = pytest.mark.django_db


def page(client, url, data=None):
    response = client.get(url, data)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def title(html):
    """The page's own part of the title, without the network's name."""
    return html.title.get_text().rsplit(" | ", 1)[0]


@pytest.fixture
def bulletin():
    index = make_bulletin()
    BulletinPostFactory(parent=index, funding=True, deadline=in_days(5), tags=["Grants"])
    BulletinPostFactory(parent=index, funding=True, deadline=in_days(-5), tags=["Grants"])
    BulletinPostFactory(parent=index, event=True, tags=["Data"])
    return index


@pytest.mark.parametrize(
    ("path", "query", "expected_title", "expected_h1"),
    [
        ("", {}, "Bulletin", "Bulletin"),
        ("", {"kind": "funding"}, "Funding calls | Bulletin", "Bulletin: Funding call"),
        (
            "",
            {"kind": "funding", "status": "open", "tag": "grants"},
            "Open funding calls tagged Grants | Bulletin",
            "Bulletin: Funding call, Grants, Open",
        ),
        (
            "",
            {"status": "closing_soon"},
            "Posts closing in the next 14 days | Bulletin",
            "Bulletin: Closing in the next 14 days",
        ),
        ("tag/grants/", {}, "Posts tagged Grants | Bulletin", "Bulletin: Grants"),
        (
            "kind/event/",
            {"status": "closed"},
            "Closed events and workshops | Bulletin",
            "Bulletin: Event or workshop, Closed",
        ),
        # The order alone and values nobody offered filter nothing.
        ("", {"sort": "closing", "kind": "vacancy"}, "Bulletin", "Bulletin"),
    ],
)
def test_bulletin_title_and_heading_name_the_filters(
    client, bulletin, path, query, expected_title, expected_h1
):
    html = page(client, bulletin.url + path, query)
    assert title(html) == expected_title
    assert html.h1.get_text() == expected_h1


def test_jobs_board_heading_names_the_filters(client):
    board = make_jobs_board()
    southwark = BoroughFactory(name="Southwark", slug="southwark")
    VacancyFactory(parent=board, location="borough", borough=southwark, closes_at=in_days(5))
    html = page(client, board.url, {"location": "southwark", "contract": "permanent"})
    assert html.h1.get_text() == "Jobs board: Southwark, Permanent"
    assert title(html) == "Jobs board: Southwark, Permanent"
    assert page(client, board.url, {"sort": "newest"}).h1.get_text() == "Jobs board"


def test_directory_title_and_heading_name_the_search_and_filters(client):
    directory = make_directory(make_site())
    hackney = BoroughFactory(name="Hackney", slug="hackney")
    deaf = EqualityAreaFactory(name="Deaf people", slug="deaf-people")
    OrganisationFactory(name="Hackney Deaf Forum", boroughs=[hackney], equality_areas=[deaf])
    query = {"q": " forum ", "borough": "hackney", "area": "deaf-people", "user_led": "on"}
    html = page(client, directory.url, query)
    expected = "Members: “forum”, Hackney, Deaf people, user-led"
    assert html.h1.get_text() == expected
    assert title(html) == expected
    unfiltered = page(client, directory.url)
    assert (unfiltered.h1.get_text(), title(unfiltered)) == ("Members", "Members")
    # An unknown borough is ignored, so it is not named.
    assert page(client, directory.url, {"borough": "atlantis"}).h1.get_text() == "Members"


@pytest.mark.parametrize(
    ("query", "asks_for_focus"),
    [({}, False), ({"kind": "news"}, True), ({"page": "1"}, True)],
)
def test_results_heading_takes_focus_only_after_filtering_or_paging(
    client, bulletin, query, asks_for_focus
):
    heading = page(client, bulletin.url, query).select_one("#bulletin-results-heading")
    assert heading.name == "h2"
    assert heading["tabindex"] == "-1"
    assert heading.has_attr("data-autofocus") is asks_for_focus


def test_error_summary_asks_for_focus(client):
    make_site()
    response = client.post("/join/", {"name": "Older Londoners Speak Up"})
    html = BeautifulSoup(response.content, "html.parser")
    summary = html.select_one(".error-summary")
    assert summary["tabindex"] == "-1"
    assert summary.has_attr("data-autofocus")
    links = [a["href"] for a in summary.select("a")]
    assert "#id_boroughs_0" in links  # a group of checkboxes: its first box


def test_join_form_labels_say_optional(client):
    make_site()
    html = page(client, "/join/")
    labels = {label.get_text(strip=True) for label in html.select("main label, main legend")}
    assert {"Website (optional)", "Charity number (optional)", "Organisation name"} <= labels
    assert "Which communities and equality areas do you work with? (optional)" in labels
    # Required fields and a lone checkbox do not.
    assert "Where does your organisation work?" in labels
    assert "Our organisation is user-led" in labels
    # The label names the control it belongs to.
    website = html.find("label", string="Website (optional)")
    assert html.select_one(f"#{website['for']}")["name"] == "website"


class Ingredients(forms.Form):
    name = forms.CharField()
    note = forms.CharField(required=False)
    vegan = forms.BooleanField(required=False)


class WordsItsOwn(forms.Form):
    borough = forms.CharField(required=False, help_text="Needed when the job is in a borough.")
    postcode = forms.CharField(label="Postcode (optional)", required=False)


def test_says_optional():
    form = Ingredients()
    assert [says_optional(form[name]) for name in ("name", "note", "vegan")] == [
        False,
        True,
        False,
    ]
    # A form that words its own optional labels keeps them, and its conditional fields.
    own = WordsItsOwn()
    assert not says_optional(own["borough"]) and not says_optional(own["postcode"])


def test_address_breaks_after_the_at_and_before_dots_and_escapes():
    assert address_breaks("sam.lee@forum.example.org") == (
        "sam<wbr>.lee@<wbr>forum<wbr>.example<wbr>.org"
    )
    assert address_breaks("<b>@x") == "&lt;b&gt;@<wbr>x"
