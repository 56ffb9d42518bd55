"""A vacancy's closing date typed into the Wagtail admin: day/month/year or ISO, a date alone
closing at the network's default closing time, unreadable input refused beside the field."""

from datetime import datetime, time

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from hub.deadlines import LONDON
from hub.models import NetworkSettings
from jobs.models import Vacancy
from tests.jobs.factories import VacancyFactory, make_jobs_board
from tests.wagtail_admin import edit_and_publish

pytestmark = pytest.mark.django_db

TEN_DECEMBER_5PM = datetime(2026, 12, 10, 17, 0, tzinfo=LONDON)


@pytest.fixture
def vacancy(db):
    return VacancyFactory(parent=make_jobs_board(), title="Youth worker")


def saved_closing(vacancy):
    return Vacancy.objects.get(pk=vacancy.pk).closes_at


@pytest.mark.parametrize("typed", ["10/12/2026 17:00", "2026-12-10 17:00"])
def test_a_closing_date_and_time_is_stored_in_london_time(client, editor, vacancy, typed):
    edit_and_publish(client, vacancy, closes_at=typed)
    assert saved_closing(vacancy) == TEN_DECEMBER_5PM


@pytest.mark.parametrize("typed", ["10/12/2026", "2026-12-10"])
def test_a_date_alone_closes_at_the_default_closing_time(client, editor, vacancy, typed):
    edit_and_publish(client, vacancy, closes_at=typed)
    assert saved_closing(vacancy) == TEN_DECEMBER_5PM


def test_a_date_alone_follows_a_changed_default_closing_time(client, editor, vacancy):
    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    network.default_closing_time = time(9, 0)
    network.save()
    edit_and_publish(client, vacancy, closes_at="10/12/2026")
    assert saved_closing(vacancy) == datetime(2026, 12, 10, 9, 0, tzinfo=LONDON)


@pytest.mark.parametrize("typed", ["31/02/2026", "next friday"])
def test_unreadable_input_is_refused_beside_the_field(client, editor, vacancy, typed):
    before = saved_closing(vacancy)
    revisions = vacancy.revisions.count()
    response = edit_and_publish(client, vacancy, closes_at=typed)
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.find(attrs={"data-contentpath": "closes_at"})
    assert "Enter a real date as day/month/year" in field.select_one(".error-message").get_text()
    assert saved_closing(vacancy) == before
    assert vacancy.revisions.count() == revisions


def test_the_edit_page_shows_the_saved_closing_date_in_words(client, editor, vacancy):
    edit_and_publish(client, vacancy, closes_at="10/12/2026")
    page = client.get(f"/admin/pages/{vacancy.pk}/edit/").content.decode()
    assert "Saved as: Closes 5pm, Thursday 10 December 2026." in page
    assert "a date alone closes at 5pm" in page
