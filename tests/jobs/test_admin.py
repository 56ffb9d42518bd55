"""Vacancies in the Wagtail admin: the editor is told when a closing date has already passed."""

import pytest
from django.utils import timezone

from jobs.models import Vacancy
from tests.bulletin.factories import in_days
from tests.jobs.factories import VacancyFactory, make_jobs_board
from tests.wagtail_admin import edit_and_publish

pytestmark = pytest.mark.django_db


def messages_after_publishing(client, vacancy, closes_in_days):
    closes_at = timezone.localtime(in_days(closes_in_days)).strftime("%Y-%m-%d %H:%M")
    response = edit_and_publish(client, vacancy, closes_at=closes_at)
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


def test_publishing_a_vacancy_whose_closing_date_has_passed_warns_the_editor(client, editor):
    vacancy = VacancyFactory(parent=make_jobs_board(), title="Youth worker")
    messages = messages_after_publishing(client, vacancy, -1)
    assert any(
        "“Youth worker” is published, but its closing date has already passed" in m
        for m in messages
    ), messages
    assert not Vacancy.objects.get(pk=vacancy.pk).is_open()


def test_publishing_a_vacancy_still_open_gives_no_warning(client, editor):
    vacancy = VacancyFactory(parent=make_jobs_board(), title="Youth worker")
    messages = messages_after_publishing(client, vacancy, 5)
    assert not any("already passed" in m for m in messages), messages
    assert Vacancy.objects.get(pk=vacancy.pk).closes_at == in_days(5)
