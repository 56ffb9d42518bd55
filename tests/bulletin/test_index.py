"""The bulletin index: filters in the query string, tag and kind pages, pagination, speed."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.bulletin.factories import BulletinPostFactory, in_days, make_posts
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".bulletin-list .card__title a")]


@pytest.fixture
def posts(bulletin):
    """One of each kind and status, published a day apart (the first is the oldest)."""
    now = timezone.now()

    def post(title, days_ago, **fields):
        return BulletinPostFactory(
            parent=bulletin,
            title=title,
            first_published_at=now - timedelta(days=days_ago),
            **fields,
        )

    return {
        "survey": post("Youth survey", 9, consultation=True, deadline=in_days(3), tags=["Youth"]),
        "funding": post(
            "Response fund", 8, funding=True, deadline=in_days(40), tags=["Funders", "Grants"]
        ),
        "closed": post(
            "Data framework", 7, consultation=True, deadline=in_days(-2), tags=["Data", "Funders"]
        ),
        "event": post(
            "Campaign workshop", 6, event=True, starts_at=in_days(10, hour=10), tags=["Data"]
        ),
        "news": post("Roma families report", 5, tags=["Human rights"]),
        "message": post("Sex workers survey", 4, member_message=True, deadline=in_days(1)),
    }


def test_newest_first_by_first_published_date(client, posts):
    response = client.get("/bulletin/")
    assert response.status_code == 200
    assert titles(response) == [
        "Sex workers survey",
        "Roma families report",
        "Campaign workshop",
        "Data framework",
        "Response fund",
        "Youth survey",
    ]


def test_draft_posts_are_not_listed(client, bulletin):
    BulletinPostFactory(parent=bulletin, title="Not yet", live=False)
    assert titles(client.get("/bulletin/")) == []


def test_each_card_shows_kind_deadline_status_and_tags(client, posts):
    soup = BeautifulSoup(client.get("/bulletin/").content, "html.parser")
    card = next(c for c in soup.select(".bulletin-card") if "Youth survey" in c.get_text())
    text = " ".join(card.get_text().split())
    assert "Survey or consultation" in text
    assert "Closing soon" in text
    assert "(in 3 days)" in text
    deadline = card.select_one(".bulletin-when time")
    assert deadline["datetime"] == timezone.localtime(posts["survey"].deadline).isoformat()
    assert [a["href"] for a in card.select(".bulletin-tags a")] == ["/bulletin/tag/youth/"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "consultation"}, ["Data framework", "Youth survey"]),
        ({"tag": "funders"}, ["Data framework", "Response fund"]),
        (
            {"status": "open"},
            ["Sex workers survey", "Campaign workshop", "Response fund", "Youth survey"],
        ),
        ({"status": "closing_soon"}, ["Sex workers survey", "Campaign workshop", "Youth survey"]),
        ({"status": "closed"}, ["Data framework"]),
        ({"kind": "consultation", "status": "open"}, ["Youth survey"]),
        ({"kind": "consultation", "tag": "funders", "status": "closed"}, ["Data framework"]),
        ({"kind": "funding", "tag": "youth"}, []),
    ],
)
def test_filters_and_their_combinations(client, posts, query, expected):
    assert titles(client.get("/bulletin/", query)) == expected


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({}, "6 posts."),
        ({"kind": "funding"}, "1 post matches your filters."),
        ({"kind": "consultation"}, "2 posts match your filters."),
        ({"kind": "funding", "tag": "youth"}, "No posts match your filters."),
    ],
)
def test_result_count_in_plain_english(client, posts, query, count):
    soup = BeautifulSoup(client.get("/bulletin/", query).content, "html.parser")
    assert soup.select_one('[role="status"]').get_text() == count


def test_closing_soonest_shows_open_items_by_deadline(client, posts):
    response = client.get("/bulletin/", {"sort": "closing"})
    assert titles(response) == [
        "Sex workers survey",
        "Youth survey",
        "Campaign workshop",
        "Response fund",
    ]


def test_closing_soonest_combines_with_a_kind(client, posts):
    response = client.get("/bulletin/", {"sort": "closing", "kind": "funding"})
    assert titles(response) == ["Response fund"]


def test_filter_form_works_without_javascript_and_keeps_choices(client, posts):
    soup = BeautifulSoup(
        client.get("/bulletin/", {"kind": "event", "tag": "data"}).content, "html.parser"
    )
    form = soup.select_one('form[aria-labelledby="bulletin-filters-heading"]')
    assert form["method"] == "get"
    assert form["action"] == "/bulletin/"
    for select in form.select("select"):
        assert soup.select_one(f'label[for="{select["id"]}"]').get_text()
    assert form.select_one("#filter-kind option[selected]")["value"] == "event"
    assert form.select_one("#filter-tag option[selected]")["value"] == "data"
    assert form.select_one('button[type="submit"]').get_text() == "Show posts"
    # Only topics in use on live posts are offered.
    topics = [o.get_text() for o in form.select("#filter-tag option")]
    assert topics == ["All topics", "Data", "Funders", "Grants", "Human rights", "Youth"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"kind": "vacancy"}, "kind of post"),
        ({"tag": "nope"}, "topic"),
        ({"status": "x"}, "status"),
    ],
)
def test_unknown_filter_values_are_ignored_with_a_message(client, posts, query, field):
    response = client.get("/bulletin/", {**query, "sort": "sideways"})
    assert response.status_code == 200
    assert len(titles(response)) == 6
    text = response.content.decode()
    assert f"There is no {field} called “{next(iter(query.values()))}”" in text
    assert "There is no order called “sideways”" in text


@pytest.mark.parametrize(
    "query",
    [
        {"page": "999"},
        {"page": "abc"},
        {"page": "-1"},
        {"kind": "<script>alert(1)</script>"},
        {"tag": "nonexistent"},
        {"kind": "news", "tag": "x" * 5000, "status": "\x00", "sort": "é" * 300},
    ],
)
def test_hand_edited_queries_show_the_bulletin(client, posts, query):
    response = client.get("/bulletin/", query)
    assert response.status_code == 200
    assert b"<script>alert" not in response.content
    soup = BeautifulSoup(response.content, "html.parser")
    for select in soup.select('select[aria-invalid="true"]'):
        # Each field marked invalid is described by the message saying what was ignored.
        message = soup.find(id=select["aria-describedby"])
        assert "so we have ignored it" in message.get_text()
        assert len(message.get_text()) < 120


def test_tag_page_at_a_clean_url(client, posts):
    response = client.get("/bulletin/tag/funders/")
    assert response.status_code == 200
    assert titles(response) == ["Data framework", "Response fund"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Bulletin: Funders"
    assert soup.title.get_text().startswith("Posts tagged Funders")


def test_tag_page_combines_with_query_filters(client, posts):
    assert titles(client.get("/bulletin/tag/funders/", {"status": "open"})) == ["Response fund"]


def test_kind_page_at_a_clean_url(client, posts):
    response = client.get("/bulletin/kind/event/")
    assert titles(response) == ["Campaign workshop"]
    assert BeautifulSoup(response.content, "html.parser").h1.get_text() == (
        "Bulletin: Event or workshop"
    )


def test_unknown_tag_or_kind_page_is_a_clear_404(client, posts):
    response = client.get("/bulletin/tag/no-such-tag/")
    assert response.status_code == 404
    response = client.get("/bulletin/kind/vacancy/")
    assert response.status_code == 404


def test_tag_used_only_on_drafts_has_no_page(client, bulletin):
    BulletinPostFactory(parent=bulletin, live=False, tags=["Secret"])
    assert client.get("/bulletin/tag/secret/").status_code == 404


def test_pagination_keeps_filters_in_links(client, bulletin):
    make_posts(bulletin, 30)
    first = client.get("/bulletin/", {"tag": "youth"})
    assert len(titles(first)) == 6
    first = client.get("/bulletin/")
    assert len(titles(first)) == 12
    soup = BeautifulSoup(client.get("/bulletin/", {"kind": "news"}).content, "html.parser")
    assert soup.select_one(".pagination") is None
    soup = BeautifulSoup(first.content, "html.parser")
    assert soup.select_one('.pagination a[rel="next"]')["href"] == "?page=2"
    second = client.get("/bulletin/", {"page": 3})
    assert titles(second) == [f"Post {n}" for n in range(5, -1, -1)]
    assert client.get("/bulletin/", {"page": "999"}).status_code == 200
    filtered = BeautifulSoup(
        client.get("/bulletin/", {"status": "closed", "sort": "newest"}).content, "html.parser"
    )
    assert filtered.select_one(".pagination") is None


def test_feeds_are_linked_from_the_index(client, posts):
    soup = BeautifulSoup(client.get("/bulletin/tag/data/").content, "html.parser")
    alternates = {link["type"]: link["href"] for link in soup.select('link[rel="alternate"]')}
    assert alternates == {
        "application/rss+xml": "/bulletin/tag/data/feed/rss/",
        "application/atom+xml": "/bulletin/tag/data/feed/atom/",
    }
    visible = [a["href"] for a in soup.select(".get-updates a")]
    assert "/bulletin/tag/data/feed/rss/" in visible
    assert "/bulletin/tag/data/feed/atom/" in visible
    assert "webcal://testserver/bulletin/calendar/" in visible
    assert "webcal://testserver/calendar.ics" in visible
    assert "/bulletin/calendar/" in visible


@pytest.mark.parametrize(
    "url",
    [
        "/bulletin/",
        "/bulletin/?kind=consultation&tag=data&status=open",
        "/bulletin/?sort=closing",
        "/bulletin/?status=open&page=2",
        "/bulletin/tag/data/",
        "/bulletin/kind/event/",
    ],
)
def test_index_queries_do_not_grow_with_posts(client, bulletin, image, url):
    make_posts(bulletin, 5, image=image)
    with_five = count_queries(client, url)
    make_posts(bulletin, 45, image=image, start=5)
    assert count_queries(client, url) == with_five
