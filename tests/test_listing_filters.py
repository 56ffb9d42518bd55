"""The bulletin, the jobs board and the directory show their filters through one component:
a <details> whose summary names the form, every field an accessible field group with its hint
tied to the control, and a "Clear filters" link once something is filtered."""

import pytest
from bs4 import BeautifulSoup

from tests.bulletin.factories import BulletinIndexPageFactory
from tests.factories import make_site
from tests.jobs.factories import JobsIndexPageFactory
from tests.members.factories import BoroughFactory, make_directory

pytestmark = pytest.mark.django_db

# name: (path, summary words, button words, a query that filters, {control id: its hint})
LISTINGS = {
    "bulletin": ("/bulletin/", "Filter posts", "Show posts", {"kind": "event"}, {}),
    "jobs": (
        "/jobs/",
        "Filter vacancies",
        "Show vacancies",
        {"contract": "permanent"},
        {"filter-salary": "A year, at the hours advertised."},
    ),
    "members": (
        "/members/",
        "Search and filter members",
        "Show organisations",
        {"q": "forum"},
        {"id_borough": "Includes organisations that work London-wide."},
    ),
}


@pytest.fixture
def listings():
    home = make_site()
    BulletinIndexPageFactory(parent=home)
    JobsIndexPageFactory(parent=home)
    make_directory(home)
    BoroughFactory(name="Hackney", slug="hackney")


def filters(client, path, query=None):
    response = client.get(path, query)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return html, html.select_one("main details[data-filters]")


def skeleton(element):
    """The tags and classes of an element and its descendants, without the fields' own."""
    return [
        (tag.name, tag.get("class"))
        for tag in [element, *element.find_all(True)]
        if not tag.find_parent(class_="form-field") and "form-field" not in tag.get("class", [])
    ]


@pytest.mark.parametrize("name", LISTINGS)
def test_each_listing_shows_the_shared_filters(client, listings, name):
    path, summary_words, button_words, _query, _hints = LISTINGS[name]
    html, details = filters(client, path)
    assert details.has_attr("open")  # folded by site.js on narrow screens only
    summary = details.summary
    assert summary["id"] == f"{name}-filters-heading"
    assert summary.get_text(strip=True) == summary_words
    form = details.form
    assert form["aria-labelledby"] == summary["id"]
    assert (form["method"], form["action"]) == ("get", path)
    assert form.select_one('button[type="submit"]').get_text() == button_words
    controls = form.select("input, select")
    assert controls
    for control in controls:
        # Each control in its own field group, named by its label.
        group = control.find_parent(class_="form-field")
        assert group.select_one(f'label[for="{control["id"]}"]').get_text(strip=True)


def test_the_three_listings_share_one_structure(client, listings):
    structures = [skeleton(filters(client, path)[1]) for path, *_ in LISTINGS.values()]
    assert structures[0] == structures[1] == structures[2]
    assert [tag for tag, _classes in structures[0]] == [
        "details",
        "summary",
        "form",
        "div",
        "button",
    ]


@pytest.mark.parametrize("name", LISTINGS)
def test_hints_are_tied_to_their_controls(client, listings, name):
    """What a screen reader reads with each control: its hint, by aria-describedby."""
    path, *_, hints = LISTINGS[name]
    _html, details = filters(client, path)
    described = {
        control["id"]: " ".join(
            details.find(id=hint_id).get_text(strip=True)
            for hint_id in control["aria-describedby"].split()
        )
        for control in details.select("[aria-describedby]")
    }
    assert described == hints
    # Every hint shown belongs to a control.
    assert len(details.select(".helptext")) == len(hints)


@pytest.mark.parametrize("name", LISTINGS)
def test_clear_filters_shows_once_something_is_filtered(client, listings, name):
    path, _summary, _button, query, _hints = LISTINGS[name]
    assert filters(client, path)[1].find("a", string="Clear filters") is None
    clear = filters(client, path, query)[1].find("a", string="Clear filters")
    assert clear["href"] == path


@pytest.mark.parametrize(
    ("path", "query", "control_id"),
    [("/bulletin/", {"tag": "nope"}, "filter-tag"), ("/jobs/", {"hours": "lots"}, "filter-hours")],
)
def test_an_ignored_value_is_described_once_above_the_results(
    client, listings, path, query, control_id
):
    html, details = filters(client, path, query)
    control = details.select_one(f"#{control_id}")
    assert control["aria-invalid"] == "true"
    (error_id,) = control["aria-describedby"].split()
    # The message shows above the results, even when the filters are folded, and only there:
    # the field group does not repeat it under the same id.
    (message,) = html.select(f'[id="{error_id}"]')
    assert "so we have ignored it" in message.get_text()
    assert details.select(f'[id="{error_id}"], .errorlist') == []
