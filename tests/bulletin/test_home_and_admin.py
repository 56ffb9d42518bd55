"""The bulletin on the home page, and in the Wagtail admin for editors."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from bulletin.models import BulletinPost
from tests.bulletin.factories import BulletinPostFactory, in_days, make_posts
from tests.queries import count_queries
from tests.wagtail_admin import edit_and_publish

pytestmark = pytest.mark.django_db


def section_titles(soup, selector):
    return [a.get_text() for a in soup.select(f"{selector} .card__title a")]


def test_home_page_shows_latest_posts_and_deadlines_closing_soon(client, bulletin):
    now = timezone.now()
    for days_ago in range(7):
        BulletinPostFactory(
            parent=bulletin, title=f"News {days_ago}", first_published_at=now - timedelta(days_ago)
        )
    BulletinPostFactory(
        parent=bulletin,
        title="Closes in 10 days",
        consultation=True,
        deadline=in_days(10),
        first_published_at=now - timedelta(days=30),
    )
    BulletinPostFactory(
        parent=bulletin,
        title="Closes tomorrow",
        consultation=True,
        deadline=in_days(1),
        first_published_at=now - timedelta(days=30),
    )
    BulletinPostFactory(parent=bulletin, title="Closes later", funding=True, deadline=in_days(40))
    BulletinPostFactory(parent=bulletin, title="Closed", funding=True, deadline=in_days(-1))

    soup = BeautifulSoup(client.get("/").content, "html.parser")
    latest = section_titles(soup, ".home-bulletin")
    assert latest == ["Closed", "Closes later", "News 0", "News 1", "News 2"]
    assert section_titles(soup, ".home-deadlines") == ["Closes tomorrow", "Closes in 10 days"]
    assert soup.select_one('.home-bulletin a[href="/bulletin/"]')


def closing_soon_posts(bulletin, image, numbers):
    for number in numbers:
        BulletinPostFactory(
            parent=bulletin,
            consultation=True,
            deadline=in_days(2),
            tags=["Data", f"Topic {number}"],
            listing_image=image,
        )


def test_home_page_queries_do_not_grow_with_posts(client, bulletin, image):
    # One post in each section against full sections: the sections show at most five, so
    # only a count from fewer than five would show a query per post.
    # A post closing soon is not repeated under the latest posts, so each section needs its own.
    closing_soon_posts(bulletin, image, range(1))
    make_posts(bulletin, 1, image=image)
    one = count_queries(client, "/")
    closing_soon_posts(bulletin, image, range(1, 10))
    make_posts(bulletin, 10, image=image, start=1)
    assert count_queries(client, "/") == one


def test_admin_listing_shows_kind_and_deadline_columns(client, editor, bulletin):
    BulletinPostFactory(
        parent=bulletin, title="Youth survey", consultation=True, deadline=in_days(3)
    )
    BulletinPostFactory(parent=bulletin, title="Campaign workshop", event=True)
    BulletinPostFactory(
        parent=bulletin, title="Old survey", consultation=True, deadline=in_days(-3)
    )
    response = client.get("/admin/bulletin_posts/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    headers = " ".join(th.get_text(" ", strip=True) for th in soup.select("thead th"))
    for column in ("Title", "Kind", "Deadline or start", "Open or closed", "Updated"):
        assert column in headers
    text = " ".join(soup.select_one("table tbody").get_text(" ").split())
    assert "Survey or consultation" in text
    assert "Deadline: 5pm" in text
    # A passed deadline still shows its date to editors.
    assert f"Deadline: {BulletinPost.objects.get(title='Old survey').deadline_moment_text}" in text
    assert "Event or workshop" in text


def test_admin_listing_filters_by_kind_and_deadline(client, editor, bulletin):
    BulletinPostFactory(parent=bulletin, title="Youth survey", consultation=True)
    BulletinPostFactory(
        parent=bulletin, title="Old survey", consultation=True, deadline=in_days(-3)
    )
    BulletinPostFactory(parent=bulletin, title="Campaign workshop", event=True)

    def listed(**query):
        soup = BeautifulSoup(client.get("/admin/bulletin_posts/", query).content, "html.parser")
        return sorted(a.get_text(strip=True) for a in soup.select("tbody .title-wrapper a"))

    assert listed(kind="event") == ["Campaign workshop"]
    assert listed(kind="consultation", deadline="closed") == ["Old survey"]
    assert listed(deadline="open") == ["Campaign workshop", "Youth survey"]


def test_publishing_with_a_past_deadline_warns_the_editor(client, editor, bulletin):
    post = BulletinPostFactory(parent=bulletin, title="Old survey", consultation=True)
    past = timezone.localtime(in_days(-2)).strftime("%Y-%m-%d %H:%M")
    response = edit_and_publish(client, post, deadline=past)
    messages = [str(m) for m in response.context["messages"]]
    assert any("its deadline has already passed" in m for m in messages), messages
    post.refresh_from_db()
    assert post.live and post.closes_at < timezone.now()


def test_publishing_with_a_future_deadline_gives_no_warning(client, editor, bulletin):
    post = BulletinPostFactory(parent=bulletin, title="New survey", consultation=True)
    future = timezone.localtime(in_days(5)).strftime("%Y-%m-%d %H:%M")
    response = edit_and_publish(client, post, deadline=future)
    messages = [str(m) for m in response.context["messages"]]
    assert not any("already passed" in m for m in messages), messages
    assert BulletinPost.objects.get(pk=post.pk).deadline == in_days(5)


def test_scheduling_past_the_deadline_warns_the_editor(client, editor, bulletin):
    post = BulletinPostFactory(parent=bulletin, title="Survey", consultation=True)
    post.save_revision().publish()
    goes_live = timezone.localtime(in_days(5)).strftime("%Y-%m-%d %H:%M")
    deadline = timezone.localtime(in_days(2)).strftime("%Y-%m-%d %H:%M")
    response = edit_and_publish(client, post, deadline=deadline, go_live_at=goes_live)
    messages = [str(m) for m in response.context["messages"]]
    assert any("is scheduled, but its deadline passes before it goes live" in m for m in messages)
    # The live version keeps its deadline until the scheduled one goes live.
    assert BulletinPost.objects.get(pk=post.pk).deadline == in_days(30)


def test_scheduling_before_the_deadline_gives_no_warning(client, editor, bulletin):
    post = BulletinPostFactory(parent=bulletin, title="Survey", consultation=True)
    goes_live = timezone.localtime(in_days(5)).strftime("%Y-%m-%d %H:%M")
    response = edit_and_publish(client, post, go_live_at=goes_live)
    messages = [str(m) for m in response.context["messages"]]
    assert not any("already passed" in m or "passes before" in m for m in messages), messages


def test_editor_sees_validation_messages_next_to_fields(client, editor, bulletin):
    post = BulletinPostFactory(parent=bulletin, title="Survey", consultation=True)
    response = edit_and_publish(client, post, deadline="", amount_min="900", amount_max="100")
    html = response.content.decode()
    assert "A survey or consultation needs a deadline." in html
    assert "The smallest grant is more than the largest grant." in html
    assert BulletinPost.objects.get(pk=post.pk).deadline is not None


def test_scheduled_posts_go_live_with_publish_scheduled(bulletin):
    post = BulletinPostFactory(parent=bulletin, title="Scheduled", live=False)
    post.go_live_at = timezone.now() - timedelta(minutes=1)
    post.save_revision(approved_go_live_at=post.go_live_at)
    assert not BulletinPost.objects.live().filter(pk=post.pk).exists()
    call_command("publish_scheduled")
    assert BulletinPost.objects.live().filter(pk=post.pk).exists()
