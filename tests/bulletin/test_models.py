"""What the post model stores and refuses: kind rules, derived closing dates, related posts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.rich_text import RichText

from bulletin.choices import AttendanceMode, Kind
from bulletin.models import BulletinPost
from tests.bulletin.factories import BulletinPostFactory, in_days, make_bulletin

pytestmark = pytest.mark.django_db


def errors_for(**fields):
    post = BulletinPost(title="A post", slug="a-post", summary="Summary.", **fields)
    with pytest.raises(ValidationError) as caught:
        post.clean()
    return caught.value.message_dict


def assert_valid(**fields):
    BulletinPost(title="A post", slug="a-post", summary="Summary.", **fields).clean()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (Kind.CONSULTATION, "A survey or consultation needs a deadline."),
        (Kind.FUNDING, "A funding call needs a deadline."),
    ],
)
def test_deadline_kinds_need_a_deadline(kind, message):
    assert errors_for(kind=kind) == {"deadline": [message]}


def test_news_and_member_messages_need_no_deadline():
    assert_valid(kind=Kind.NEWS)
    assert_valid(kind=Kind.MEMBER_MESSAGE, deadline=in_days(3))


def test_smallest_grant_above_largest_is_refused():
    errors = errors_for(kind=Kind.FUNDING, deadline=in_days(5), amount_min=5000, amount_max=100)
    assert errors == {"amount_min": ["The smallest grant is more than the largest grant."]}
    assert_valid(kind=Kind.FUNDING, deadline=in_days(5), amount_min=100, amount_max=100)


def event(**fields):
    return {
        "kind": Kind.EVENT,
        "starts_at": in_days(5, hour=10),
        "ends_at": in_days(5, hour=12),
        "attendance_mode": AttendanceMode.IN_PERSON,
        "venue": "Community Hall",
        **fields,
    }


def test_a_complete_event_is_valid():
    assert_valid(**event())


def test_event_ending_before_it_starts_is_refused():
    errors = errors_for(**event(ends_at=in_days(5, hour=9)))
    assert errors == {"ends_at": ["The event must end after it starts."]}
    errors = errors_for(**event(ends_at=event()["starts_at"]))
    assert errors == {"ends_at": ["The event must end after it starts."]}


def test_event_needs_a_start_and_an_attendance_mode():
    errors = errors_for(**event(starts_at=None, ends_at=None, attendance_mode=""))
    assert errors["starts_at"] == ["An event needs a start date and time."]
    assert errors["attendance_mode"] == ["Say whether people attend in person, online or both."]


def test_in_person_event_needs_a_venue_or_address():
    errors = errors_for(**event(venue=""))
    assert errors == {"venue": ["An in-person event needs a venue or an address."]}
    assert_valid(**event(venue="", address="1 High Street, London"))


def test_online_event_needs_a_joining_link():
    errors = errors_for(**event(attendance_mode=AttendanceMode.ONLINE, venue=""))
    assert errors == {"online_url": ["An online event needs a joining link."]}


def test_mixed_event_needs_both_a_place_and_a_link():
    errors = errors_for(**event(attendance_mode=AttendanceMode.MIXED, venue=""))
    assert set(errors) == {"venue", "online_url"}


def test_registration_must_close_before_the_event_starts():
    errors = errors_for(**event(deadline=in_days(6)))
    assert errors == {"deadline": ["Registration should close before the event starts."]}


def test_calendar_is_a_reserved_slug():
    post = BulletinPost(title="Calendar", slug="calendar", summary="S.", kind=Kind.NEWS)
    with pytest.raises(ValidationError) as caught:
        post.clean()
    assert "slug" in caught.value.message_dict


def test_closes_at_is_derived_from_the_deadline_or_the_event():
    index = make_bulletin()
    consultation = BulletinPostFactory(parent=index, consultation=True)
    assert consultation.closes_at == consultation.deadline

    event_post = BulletinPostFactory(parent=index, event=True)
    assert event_post.closes_at == event_post.starts_at

    event_post.deadline = event_post.starts_at - timedelta(days=2)
    event_post.save()
    event_post.refresh_from_db()
    assert event_post.closes_at == event_post.starts_at - timedelta(days=2)

    news = BulletinPostFactory(parent=index)
    assert news.closes_at is None


def test_stored_datetimes_are_timezone_aware_and_london_wording_is_used():
    index = make_bulletin()
    post = BulletinPostFactory(parent=index, consultation=True, deadline=in_days(3, hour=17))
    post.refresh_from_db()
    assert timezone.is_aware(post.closes_at)
    assert post.deadline_text().startswith("Closes 5pm, ")
    assert post.deadline_text().endswith("(in 3 days)")
    assert post.status_label() == "Closing soon: 3 days left"


def test_status_labels_for_events():
    index = make_bulletin()
    past = BulletinPostFactory(
        parent=index, event=True, starts_at=in_days(-3), ends_at=in_days(-3) + timedelta(hours=1)
    )
    assert past.status_label() == "Past event"
    registration_closed = BulletinPostFactory(
        parent=index, event=True, deadline=in_days(-1), starts_at=in_days(2, hour=10)
    )
    assert registration_closed.status_label() == "Registration closed"
    assert registration_closed.deadline_text() == "Registration closed"
    under_way = BulletinPostFactory(
        parent=index,
        event=True,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    assert under_way.status() == "today"
    assert under_way.status_label() == "Today"
    upcoming = BulletinPostFactory(parent=index, event=True, starts_at=in_days(20, hour=10))
    assert upcoming.status_label() == "Upcoming"
    soon = BulletinPostFactory(parent=index, event=True, starts_at=in_days(2, hour=10))
    # A meeting in two days is upcoming, never "coming soon".
    assert soon.status_label() == "Upcoming"
    today = BulletinPostFactory(
        parent=index, event=True, starts_at=timezone.now() + timedelta(minutes=1)
    )
    assert today.status_label() == "Today"
    registration = BulletinPostFactory(
        parent=index, event=True, deadline=in_days(5), starts_at=in_days(20, hour=10)
    )
    assert registration.status_label() == "Registration closing soon: 5 days left"
    tomorrow = BulletinPostFactory(
        parent=index, event=True, deadline=in_days(1), starts_at=in_days(20, hour=10)
    )
    assert tomorrow.status_label() == "Registration closes tomorrow"


def test_related_posts_share_tags_most_shared_first_in_fixed_queries(django_assert_num_queries):
    """The posts, the view-restriction lookup that Wagtail's public() makes, and their tags for
    the cards (tagged items, then tags); no query per post."""
    index = make_bulletin()
    post = BulletinPostFactory(parent=index, tags=["Data", "Funders", "Grants"])
    one_shared = BulletinPostFactory(parent=index, title="One shared", tags=["Data"])
    two_shared = BulletinPostFactory(parent=index, title="Two shared", tags=["Data", "Grants"])
    BulletinPostFactory(parent=index, title="Unrelated", tags=["Youth"])
    BulletinPostFactory(parent=index, title="Draft", tags=["Data"], live=False)
    with django_assert_num_queries(4):
        related = list(post.related_posts())
    assert related == [two_shared, one_shared]


def test_amount_wording():
    assert BulletinPost(amount_min=1000, amount_max=10000).amount_text == "£1,000 to £10,000"
    assert BulletinPost(amount_max=10000).amount_text == "Up to £10,000"
    assert BulletinPost(amount_min=500).amount_text == "From £500"


def test_posts_are_found_by_site_search(client):
    index = make_bulletin()
    BulletinPostFactory(
        parent=index, funding=True, title="Wave 4 open", funder="London Community Response"
    )
    response = client.get("/search/", {"q": "Community Response"})
    assert "Wave 4 open" in response.content.decode()


def test_site_search_finds_words_only_in_a_posts_body_or_tags(client):
    index = make_bulletin()
    post = BulletinPostFactory(
        parent=index,
        title="Spring update",
        tags=["Allotments"],
        body=[("paragraph", RichText("<p>Our hedgehog census begins.</p>"))],
    )
    post.save_revision().publish()
    for word in ("hedgehog", "allotments"):
        response = client.get("/search/", {"q": word})
        assert "Spring update" in response.content.decode(), word


def test_publishing_makes_the_listing_and_sharing_renditions(bulletin, image):
    post = BulletinPostFactory(parent=bulletin, live=False, listing_image=image)
    assert not image.renditions.exists()
    post.save_revision().publish()
    assert set(image.renditions.values_list("filter_spec", flat=True)) == {
        "fill-480x270",
        "fill-1200x630",
    }
