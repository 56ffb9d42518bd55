"""The jobs board's filters: each one and their combinations, the order, values nobody offered,
the count line, pagination that keeps the filters, the cards, and a fixed query cost."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from jobs.choices import ContractType, Location, SalaryPeriod, WorkingPattern
from members.models import Borough
from tests.bulletin.factories import in_days
from tests.jobs.factories import VacancyFactory, make_jobs_board
from tests.members.factories import OrganisationFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(client, url, data=None):
    return [a.get_text() for a in soup(client.get(url, data)).select(".jobs-list .card__title a")]


def count_line(client, url, data=None):
    return soup(client.get(url, data)).select_one(".jobs-results__count").get_text(" ", strip=True)


@pytest.fixture
def jobs():
    return make_jobs_board()


@pytest.fixture
def board(jobs):
    """Six open vacancies of every sort, closing a day apart in the order listed, and one closed
    vacancy that no filter may bring back."""
    southwark = Borough.objects.get(slug="southwark")
    lewisham = Borough.objects.get(slug="lewisham")
    kitchen = OrganisationFactory(name="Peckham Kitchen", slug="peckham-kitchen")
    advice = OrganisationFactory(name="Lewisham Advice", slug="lewisham-advice")
    closed_only = OrganisationFactory(name="Closed Only Trust", slug="closed-only-trust")

    def vacancy(title, days, **fields):
        return VacancyFactory(parent=jobs, title=title, closes_at=in_days(days), **fields)

    vacancy(
        "Youth worker",
        1,
        organisation=kitchen,
        location=Location.BOROUGH,
        borough=southwark,
        working_pattern=WorkingPattern.ON_SITE,
        hours_per_week=Decimal(35),
        contract_type=ContractType.PERMANENT,
        salary_min=Decimal(32000),
        salary_max=Decimal(34000),
        salary_period=SalaryPeriod.YEAR,
    )
    vacancy(
        "Advice worker",  # £15 an hour for 21 hours: £16,380 a year
        2,
        organisation=advice,
        location=Location.BOROUGH,
        borough=lewisham,
        working_pattern=WorkingPattern.HYBRID,
        hours_per_week=Decimal(21),
        contract_type=ContractType.FIXED_TERM,
        contract_months=12,
        salary_min=Decimal(15),
        salary_period=SalaryPeriod.HOUR,
    )
    vacancy(
        "Trainer",  # £150 a day for two days a week: £15,600 a year
        3,
        location=Location.LONDON_WIDE,
        working_pattern=WorkingPattern.ON_SITE,
        hours_per_week=Decimal(14),
        contract_type=ContractType.SESSIONAL,
        salary_min=Decimal(150),
        salary_period=SalaryPeriod.DAY,
    )
    vacancy(
        "Fundraiser",
        4,
        organisation=kitchen,
        location=Location.REMOTE,
        place="",
        working_pattern=WorkingPattern.REMOTE,
        hours_per_week=Decimal("37.5"),
        contract_type=ContractType.PERMANENT,
        salary_min=Decimal(40000),
        salary_max=Decimal(46000),
        salary_period=SalaryPeriod.YEAR,
    )
    vacancy(
        "Caseworker",  # in Southwark on paper, worked from home
        5,
        location=Location.BOROUGH,
        borough=southwark,
        working_pattern=WorkingPattern.REMOTE,
        hours_per_week=Decimal(30),
        contract_type=ContractType.FREELANCE,
        salary_min=Decimal(30000),
        salary_period=SalaryPeriod.YEAR,
    )
    vacancy(
        "Befriender",
        6,
        location=Location.OUTSIDE_LONDON,
        place="Maidstone",
        working_pattern=WorkingPattern.ON_SITE,
        hours_per_week=Decimal(4),
        contract_type=ContractType.VOLUNTEER,
        unpaid=True,
        salary_min=None,
    )
    vacancy(
        "Closed Southwark job",
        -1,
        organisation=closed_only,
        location=Location.BOROUGH,
        borough=southwark,
    )
    return jobs


EVERY_OPEN = ["Youth worker", "Advice worker", "Trainer", "Fundraiser", "Caseworker", "Befriender"]


def test_the_board_lists_open_vacancies_closing_soonest_first(client, board):
    assert titles(client, board.url) == EVERY_OPEN
    assert count_line(client, board.url) == "6 open vacancies, closing soonest first."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"location": "southwark"}, ["Youth worker", "Caseworker"]),
        ({"location": "lewisham"}, ["Advice worker"]),
        ({"location": "hackney"}, []),
        ({"location": "london-wide"}, ["Trainer"]),
        # Remote: a remote location, or a job in a named place worked entirely from home.
        ({"location": "remote"}, ["Fundraiser", "Caseworker"]),
        ({"location": "outside-london"}, ["Befriender"]),
        ({"contract": "permanent"}, ["Youth worker", "Fundraiser"]),
        ({"contract": "fixed-term"}, ["Advice worker"]),
        ({"contract": "sessional"}, ["Trainer"]),
        ({"contract": "freelance"}, ["Caseworker"]),
        ({"contract": "volunteer"}, ["Befriender"]),
        ({"hours": "up-to-16"}, ["Trainer", "Befriender"]),
        ({"hours": "16-to-30"}, ["Advice worker", "Caseworker"]),
        ({"hours": "over-30"}, ["Youth worker", "Fundraiser"]),
        ({"salary": "under-25000"}, ["Advice worker", "Trainer"]),
        ({"salary": "25000-to-35000"}, ["Youth worker", "Caseworker"]),
        # £40,000 to £46,000 overlaps both bands it straddles.
        ({"salary": "35000-to-45000"}, ["Fundraiser"]),
        ({"salary": "45000-or-more"}, ["Fundraiser"]),
        ({"salary": "unpaid"}, ["Befriender"]),
        ({"pattern": "on-site"}, ["Youth worker", "Trainer", "Befriender"]),
        ({"pattern": "hybrid"}, ["Advice worker"]),
        ({"pattern": "remote"}, ["Fundraiser", "Caseworker"]),
        ({"organisation": "peckham-kitchen"}, ["Youth worker", "Fundraiser"]),
        ({"organisation": "lewisham-advice"}, ["Advice worker"]),
    ],
)
def test_each_filter(client, board, query, expected):
    assert titles(client, board.url, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"location": "southwark", "contract": "permanent"}, ["Youth worker"]),
        ({"location": "remote", "hours": "16-to-30"}, ["Caseworker"]),
        ({"location": "southwark", "pattern": "remote"}, ["Caseworker"]),
        ({"salary": "25000-to-35000", "hours": "over-30"}, ["Youth worker"]),
        ({"organisation": "peckham-kitchen", "location": "remote"}, ["Fundraiser"]),
        ({"hours": "up-to-16", "salary": "unpaid", "location": "outside-london"}, ["Befriender"]),
        ({"location": "lewisham", "contract": "permanent"}, []),
        (
            {
                "location": "southwark",
                "contract": "permanent",
                "hours": "over-30",
                "salary": "25000-to-35000",
                "pattern": "on-site",
                "organisation": "peckham-kitchen",
                "sort": "newest",
            },
            ["Youth worker"],
        ),
    ],
)
def test_filters_combine(client, board, query, expected):
    assert titles(client, board.url, query) == expected


def test_newest_first_orders_by_first_publication(client, jobs):
    now = timezone.now()
    for title, days_ago, closes in (("Old", 9, 2), ("Newer", 3, 20), ("Newest", 1, 10)):
        VacancyFactory(
            parent=jobs,
            title=title,
            first_published_at=now - timedelta(days=days_ago),
            closes_at=in_days(closes),
        )
    assert titles(client, jobs.url) == ["Old", "Newest", "Newer"]
    assert titles(client, jobs.url, {"sort": "closing"}) == ["Old", "Newest", "Newer"]
    assert titles(client, jobs.url, {"sort": "newest"}) == ["Newest", "Newer", "Old"]
    assert count_line(client, jobs.url, {"sort": "newest"}) == "3 open vacancies, newest first."


@pytest.mark.parametrize(
    ("query", "line"),
    [
        ({"location": "southwark"}, "2 open vacancies match your filters, closing soonest first."),
        ({"location": "lewisham"}, "1 open vacancy matches your filters, closing soonest first."),
        (
            {"pattern": "remote", "sort": "newest"},
            "2 open vacancies match your filters, newest first.",
        ),
        ({"sort": "newest"}, "6 open vacancies, newest first."),
    ],
)
def test_the_count_line_says_how_many_match(client, board, query, line):
    assert count_line(client, board.url, query) == line


def test_no_match_says_so_and_links_to_clear_the_filters(client, board):
    html = soup(client.get(board.url, {"location": "lewisham", "contract": "volunteer"}))
    assert html.select_one(".jobs-results__count").get_text(strip=True) == (
        "No vacancies match these filters."
    )
    assert html.select(".jobs-list") == []
    clear = html.find("a", string="clear all filters")
    assert clear["href"] == board.url
    assert (
        html.select_one('form[aria-labelledby="jobs-filters-heading"]').find(
            "a", string="Clear filters"
        )["href"]
        == board.url
    )


def test_an_empty_board_says_nothing_is_open(client, jobs):
    VacancyFactory(parent=jobs, closes_at=in_days(-1))
    html = soup(client.get(jobs.url))
    assert html.select_one(".jobs-results__count").get_text(strip=True) == (
        "No vacancies are open right now."
    )
    assert html.find("a", string="clear all filters") is None


def test_the_filter_form_works_without_javascript_and_keeps_choices(client, board):
    html = soup(client.get(board.url, {"location": "southwark", "salary": "unpaid"}))
    form = html.select_one('form[aria-labelledby="jobs-filters-heading"]')
    assert form["method"] == "get"
    assert form["action"] == board.url
    assert form.select_one('button[type="submit"]').get_text() == "Show vacancies"
    assert html.select("script:not([type]):not([src])") == []  # no inline script
    names = [select["name"] for select in form.select("select")]
    assert names == ["location", "contract", "hours", "salary", "pattern", "organisation", "sort"]
    for select in form.select("select"):
        assert html.select_one(f'label[for="{select["id"]}"]').get_text()
    assert form.select_one("#filter-location option[selected]")["value"] == "southwark"
    assert form.select_one("#filter-salary option[selected]")["value"] == "unpaid"
    # No order chosen: the first, closing soonest, shows.
    assert form.select_one("#filter-sort option[selected]") is None
    assert form.select_one("#filter-sort option")["value"] == "closing"


def test_location_choices_are_the_boroughs_and_the_other_kinds_of_place(client, board):
    form = soup(client.get(board.url)).select_one('form[aria-labelledby="jobs-filters-heading"]')
    top = [o["value"] for o in form.select("#filter-location > option")]
    assert top == ["", "london-wide", "remote", "outside-london"]
    group = form.select_one('#filter-location optgroup[label="In a London borough"]')
    boroughs = [o["value"] for o in group.select("option")]
    assert len(boroughs) == 33  # the 32 boroughs and the City
    assert {"southwark", "city-of-london"} <= set(boroughs)
    # The organisations' areas "London-wide" and "National" are not boroughs.
    assert "national" not in boroughs and "london-wide" not in boroughs


def test_organisation_choices_are_members_with_open_vacancies_here(client, board):
    OrganisationFactory(name="Not Hiring")
    form = soup(client.get(board.url)).select_one('form[aria-labelledby="jobs-filters-heading"]')
    assert [o.get_text() for o in form.select("#filter-organisation option")] == [
        "Any organisation",
        "Lewisham Advice",
        "Peckham Kitchen",
    ]


@pytest.mark.parametrize(
    ("field", "value", "noun"),
    [
        ("location", "atlantis", "location"),
        ("contract", "zero-hours", "contract type"),
        ("hours", "lots", "hours band"),
        ("salary", "millions", "salary band"),
        ("pattern", "nomad", "working pattern"),
        ("organisation", "closed-only-trust", "organisation on the board"),
        ("sort", "sideways", "order"),
    ],
)
def test_unknown_values_are_ignored_with_a_message(client, board, field, value, noun):
    query = {"contract": "permanent", field: value}
    html = soup(client.get(board.url, query))
    message = f"There is no {noun} called “{value}”, so we have ignored it."
    assert [p.get_text() for p in html.select(".jobs-results .message")] == [message]
    select = html.select_one(f"#filter-{field}")
    assert select["aria-invalid"] == "true"
    described_by = [html.find(id=id_).get_text() for id_ in select["aria-describedby"].split()]
    assert message in described_by
    # The other filter still applies.
    expected = EVERY_OPEN if field == "contract" else ["Youth worker", "Fundraiser"]
    assert titles(client, board.url, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"page": "999"},
        {"page": "abc"},
        {"location": "<script>alert(1)</script>"},
        {"location": "x" * 5000, "hours": "\x00", "sort": "é" * 300, "salary": ""},
        {"organisation": "' OR 1=1 --"},
    ],
)
def test_hand_edited_queries_still_show_the_board(client, board, query):
    response = client.get(board.url, query)
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
    html = soup(response)
    for message in html.select(".jobs-results .message"):
        assert len(message.get_text()) < 120
    assert html.select(".jobs-list .card")


def test_pagination_keeps_the_filters(client, jobs):
    southwark = Borough.objects.get(slug="southwark")
    for number in range(25):
        VacancyFactory(
            parent=jobs,
            title=f"Southwark {number:02}",
            location=Location.BOROUGH,
            borough=southwark,
            closes_at=in_days(number + 1),
        )
    VacancyFactory(parent=jobs, title="Elsewhere", closes_at=in_days(1))
    query = {"location": "southwark", "hours": "up-to-16"}
    first = soup(client.get(jobs.url, query))
    assert len(first.select(".jobs-list .card")) == 20
    next_link = first.select_one('.pagination a[rel="next"]')["href"]
    assert parse_qs(urlsplit(next_link).query) == {
        "location": ["southwark"],
        "hours": ["up-to-16"],
        "page": ["2"],
    }
    assert titles(client, jobs.url + next_link) == [f"Southwark {n:02}" for n in range(20, 25)]
    assert count_line(client, jobs.url + next_link).startswith("25 open vacancies match")


def test_each_card_shows_what_a_job_seeker_needs(client, board):
    card = soup(client.get(board.url, {"location": "lewisham"})).select_one(".jobs-list .card")
    facts = {
        dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in card.select("dt")
    }
    assert card.select_one(".jobs-card__organisation").get_text() == "Lewisham Advice"
    assert facts["Location"] == "Peckham, Lewisham (hybrid)"
    assert facts["Salary"] == "From £15 an hour"
    assert facts["Hours"] == "21 hours a week (part time)"
    assert facts["Contract"] == "Fixed term (1 year)"
    assert facts["Closing date"].startswith("Closes 5pm, ")
    assert facts["Closing date"].endswith("(in 2 days)")
    assert card.select_one("time")["datetime"] == in_days(2).isoformat()


def test_closing_soon_is_marked_in_the_last_three_days_only(client, jobs):
    VacancyFactory(parent=jobs, title="Two days", closes_at=in_days(2))
    VacancyFactory(parent=jobs, title="Four days", closes_at=in_days(4))
    html = soup(client.get(jobs.url))
    marked = {
        card.select_one(".card__title").get_text(): card.select_one(".jobs-closing-soon")
        for card in html.select(".jobs-list .card")
    }
    assert marked["Two days"].get_text(strip=True) == "Closing soon: 2 days left"
    assert marked["Four days"] is None


def add_counted_vacancies(jobs, shared, start, count):
    """Vacancies in different boroughs, every other one at its own organisation, with tags:
    everything a card or a filter's choices might otherwise fetch one by one."""
    boroughs = list(Borough.objects.exclude(slug__in=["london-wide", "national"])[:5])
    for number in range(start, start + count):
        VacancyFactory(
            parent=jobs,
            title=f"Counted {number}",
            organisation=shared if number % 2 == 0 else OrganisationFactory(),
            location=Location.BOROUGH,
            borough=boroughs[number % len(boroughs)],
            working_pattern=WorkingPattern.REMOTE,
            hours_per_week=Decimal(35),
            contract_type=ContractType.PERMANENT,
            salary_min=Decimal(30000),
            salary_period=SalaryPeriod.YEAR,
            closes_at=in_days(number % 20 + 1),
            tags=["Youth", f"Tag {number}"],
        )


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"sort": "newest", "page": "2"},
        {"location": "remote", "hours": "over-30", "salary": "25000-to-35000"},
        {"contract": "permanent", "pattern": "remote", "organisation": "shared-employer"},
        {"location": "atlantis", "salary": "unpaid", "sort": "newest"},
    ],
)
@pytest.mark.parametrize("route", ["", "feed/"])
def test_board_and_feed_cost_the_same_queries_for_5_or_50_vacancies(client, jobs, query, route):
    shared = OrganisationFactory(name="Shared employer", slug="shared-employer")
    add_counted_vacancies(jobs, shared, 0, 5)
    with_five = count_queries(client, jobs.url + route, query)
    add_counted_vacancies(jobs, shared, 5, 45)
    assert count_queries(client, jobs.url + route, query) == with_five
