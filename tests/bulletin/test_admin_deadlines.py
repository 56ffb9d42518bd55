"""Deadlines typed into the Wagtail admin: day/month/year as British staff type it, a date alone
closing at the network's default closing time, unreadable input refused beside the field, and
the saved deadline shown back in words."""

from datetime import UTC, datetime, time

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from bulletin.models import BulletinPost
from hub.deadlines import LONDON
from hub.models import NetworkSettings
from tests.bulletin.factories import BulletinPostFactory
from tests.wagtail_admin import edit_and_publish

pytestmark = pytest.mark.django_db

TEN_DECEMBER_5PM = datetime(2026, 12, 10, 17, 0, tzinfo=LONDON)


@pytest.fixture
def survey(bulletin):
    return BulletinPostFactory(parent=bulletin, title="Youth survey", consultation=True)


def saved_deadline(post):
    return BulletinPost.objects.get(pk=post.pk).deadline


def field_error(response, name):
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.find(attrs={"data-contentpath": name})
    assert field is not None, f"no {name} field on the page"
    error = field.select_one(".error-message")
    return error.get_text(" ", strip=True) if error else ""


@pytest.mark.parametrize(
    "typed",
    [
        "10/12/2026 17:00",
        "2026-12-10 17:00",
        "2026-12-10T17:00",
        "2026-12-10T17:00:00+00:00",
        " 10/12/2026  17:00 ",
    ],
)
def test_a_day_month_year_or_iso_deadline_is_stored_in_london_time(client, editor, survey, typed):
    edit_and_publish(client, survey, deadline=typed)
    assert saved_deadline(survey) == TEN_DECEMBER_5PM


def test_a_summer_deadline_is_london_summer_time(client, editor, survey):
    edit_and_publish(client, survey, deadline="01/07/2026 09:30")
    assert saved_deadline(survey) == datetime(2026, 7, 1, 9, 30, tzinfo=LONDON)
    assert saved_deadline(survey).astimezone(UTC).hour == 8


@pytest.mark.parametrize("typed", ["10/12/2026", "2026-12-10"])
def test_a_date_alone_closes_at_the_default_closing_time(client, editor, survey, typed):
    edit_and_publish(client, survey, deadline=typed)
    assert saved_deadline(survey) == TEN_DECEMBER_5PM


def test_a_date_alone_follows_a_changed_default_closing_time(client, editor, survey):
    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    network.default_closing_time = time(12, 30)
    network.save()
    edit_and_publish(client, survey, deadline="10/12/2026")
    assert saved_deadline(survey) == datetime(2026, 12, 10, 12, 30, tzinfo=LONDON)


@pytest.mark.parametrize(
    "typed", ["31/02/2026", "next friday", "10/12/2026 25:00", "12/31/2026", "20261210"]
)
def test_unreadable_input_is_refused_beside_the_field(client, editor, survey, typed):
    before = saved_deadline(survey)
    revisions = survey.revisions.count()
    response = edit_and_publish(client, survey, deadline=typed)
    assert "Enter a real date as day/month/year" in field_error(response, "deadline")
    assert saved_deadline(survey) == before
    assert survey.revisions.count() == revisions


def test_the_edit_page_shows_the_saved_deadline_in_words_and_the_format(client, editor, survey):
    edit_and_publish(client, survey, deadline="10/12/2026 17:00")
    page = client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()
    assert "Saved as: Closes 5pm, Thursday 10 December 2026." in page
    assert "Day/month/year and time, for example 10/12/2026 17:00; a date alone closes at 5pm" in (
        page
    )
    # The box shows the deadline back as staff type it.
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("input", attrs={"name": "deadline"})["value"] == "10/12/2026 17:00"


def test_an_events_deadline_is_worded_as_registration_closing(client, editor, bulletin):
    event = BulletinPostFactory(parent=bulletin, title="Workshop", event=True)
    edit_and_publish(client, event, deadline="01/12/2026", starts_at="10/12/2026 10:00", ends_at="")
    page = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert "Saved as: Registration closes 5pm, Tuesday 1 December 2026." in page


def test_an_event_start_needs_a_time(client, editor, bulletin):
    event = BulletinPostFactory(parent=bulletin, title="Workshop", event=True)
    before = BulletinPost.objects.get(pk=event.pk).starts_at
    response = edit_and_publish(client, event, starts_at="10/12/2026")
    assert "Give a time as well as the date" in field_error(response, "starts_at")
    assert BulletinPost.objects.get(pk=event.pk).starts_at == before


def test_the_date_picker_never_replaces_what_was_typed(client, editor, survey):
    """Wagtail's picker swaps text it cannot parse for the current moment on blur unless told
    not to; the widget's config tells it not to."""
    page = client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()
    soup = BeautifulSoup(page, "html.parser")
    box = soup.find("input", attrs={"name": "deadline"})
    script = box.find_next("script").string
    assert '"validateOnBlur": false' in script
    assert '"format": "d/m/Y H:i"' in script


def test_a_refused_form_still_words_the_saved_deadline_not_the_typed_one(client, editor, survey):
    edit_and_publish(client, survey, deadline="10/12/2026 17:00")
    response = edit_and_publish(
        client, survey, deadline="11/12/2026 09:00", amount_min="900", amount_max="100"
    )
    page = response.content.decode()
    assert "The smallest grant is more than the largest grant." in page
    assert "Saved as: Closes 5pm, Thursday 10 December 2026." in page
    assert saved_deadline(survey) == TEN_DECEMBER_5PM
