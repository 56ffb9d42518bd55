"""The demo jobs board: open and closed vacancies linked to their organisations, built once."""

import io

import pytest
from django.core.management import call_command

from demo import jobs
from jobs.models import Vacancy

pytestmark = pytest.mark.django_db


def test_demo_builds_open_and_closed_vacancies_once(settings):
    settings.DEBUG = True
    call_command("load_demo_content", "--no-accounts", stdout=io.StringIO())
    vacancies = Vacancy.objects.live()
    assert vacancies.count() == 4
    assert vacancies.open().count() == 3 and vacancies.closed().count() == 1
    stag = vacancies.get(slug="sessional-youth-engagement-worker")
    assert stag.organisation.slug == "southwark-travellers-action-group"
    for vacancy in vacancies:
        vacancy.full_clean()
        assert vacancy.apply_url.startswith("https://example.org/")

    reports = []
    jobs.build(lambda what, count: reports.append((what, count)))
    assert reports == [("vacancies", 0)]
    assert Vacancy.objects.count() == 4
