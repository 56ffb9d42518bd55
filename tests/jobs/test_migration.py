"""Vacancies written before the fields were structured survive the migration: their free-text
location, salary and hours are read into the new fields, the body becomes the description, and
the revisions the editor opens learn the new fields too."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("jobs", "0003_vacancy_share_card")]
AFTER = [("jobs", "0004_structured_vacancies")]
CLOSES_AT = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)

OLD_VACANCIES = [
    # (slug, location, salary, hours)
    (
        "partnerships-officer",
        "Tower Hamlets, London, or from home",
        "£32,000 to £34,000 a year, depending on experience",
        "35 hours a week, one-year fixed term",
    ),
    (
        "youth-worker",
        "Peckham, London",
        "Around £12,000 a year, pro rata",
        "14 hours a week, 6-month fixed term",
    ),
    ("adviser", "Newham, London", "£14.50 an hour", "21 hours a week, permanent"),
    ("campaigner", "Remote", "Competitive", "Full time"),
    ("organiser", "Brighton", "Volunteer expenses paid", "4 hrs a week, volunteer"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def make_old_vacancy(apps, number, slug, location, salary, hours):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Revision = apps.get_model("wagtailcore", "Revision")
    Vacancy = apps.get_model("jobs", "Vacancy")
    content_type, _ = ContentType.objects.get_or_create(app_label="jobs", model="vacancy")
    locale, _ = Locale.objects.get_or_create(language_code="en-gb")
    vacancy = Vacancy.objects.create(
        title=slug.replace("-", " ").capitalize(),
        draft_title=slug,
        slug=slug,
        path=f"0001{9000 + number:04}",
        depth=2,
        url_path=f"/{slug}/",
        content_type=content_type,
        locale=locale,
        live=True,
        summary=f"About the {slug}.",
        body=[
            {"type": "heading", "value": {"text": "The role", "level": "h2"}},
            {"type": "paragraph", "value": "<p>You will <b>bring</b> groups together.</p>"},
        ],
        location=location,
        salary=salary,
        hours=hours,
        closes_at=CLOSES_AT,
        apply_url=f"https://example.org/{slug}",
    )
    Revision.objects.create(
        content_type=content_type,
        base_content_type=content_type,
        object_id=str(vacancy.pk),
        object_str=vacancy.title,
        created_at=CLOSES_AT,
        content={"title": vacancy.title, "location": location, "salary": salary},
    )
    return vacancy.pk


@pytest.fixture
def old_vacancies(transactional_db):
    apps = migrate(BEFORE)
    try:
        # Seeded by a members migration, but an earlier transactional test may have flushed them.
        Borough = apps.get_model("members", "Borough")
        for name in ("Newham", "Southwark", "Tower Hamlets"):
            Borough.objects.get_or_create(
                name=name, defaults={"slug": name.lower().replace(" ", "-")}
            )
        ids = {
            fields[0]: make_old_vacancy(apps, number, *fields)
            for number, fields in enumerate(OLD_VACANCIES)
        }
        yield ids, migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_free_text_is_read_into_the_structured_fields(old_vacancies):
    ids, apps = old_vacancies
    Vacancy = apps.get_model("jobs", "Vacancy")
    found = {v.slug: v for v in Vacancy.objects.select_related("borough")}

    officer = found["partnerships-officer"]
    assert (officer.location, officer.borough.name, officer.working_pattern) == (
        "borough",
        "Tower Hamlets",
        "hybrid",
    )
    assert (officer.salary_min, officer.salary_max, officer.salary_period) == (
        Decimal(32000),
        Decimal(34000),
        "year",
    )
    assert officer.salary_note == "depending on experience"
    assert (officer.hours_per_week, officer.contract_type, officer.contract_months) == (
        Decimal(35),
        "fixed-term",
        12,
    )
    assert officer.salary_yearly_min == Decimal(32000)
    assert officer.description == ("<h2>The role</h2><p>You will <b>bring</b> groups together.</p>")

    youth = found["youth-worker"]
    assert (youth.location, youth.place) == ("london-wide", "Peckham")
    assert (youth.salary_min, youth.salary_max, youth.salary_note) == (
        Decimal(12000),
        Decimal(12000),
        "pro rata",
    )
    assert (youth.contract_type, youth.contract_months) == ("fixed-term", 6)

    adviser = found["adviser"]
    assert (adviser.borough.name, adviser.salary_period, adviser.contract_type) == (
        "Newham",
        "hour",
        "permanent",
    )
    # 14.50 an hour for 21 hours a week, 52 weeks.
    assert adviser.salary_yearly_min == Decimal(15834)

    campaigner = found["campaigner"]
    assert (campaigner.location, campaigner.working_pattern) == ("remote", "remote")
    # Words that are not a salary are kept for an editor to read, not guessed at.
    assert (campaigner.salary_min, campaigner.salary_note) == (None, "Competitive")
    assert campaigner.hours_per_week == Decimal(35)

    organiser = found["organiser"]
    assert (organiser.location, organiser.place) == ("outside-london", "Brighton")
    assert organiser.unpaid is True
    assert (organiser.hours_per_week, organiser.contract_type) == (Decimal(4), "volunteer")


def test_nothing_is_lost_and_closed_vacancies_are_timed_to_unpublish(old_vacancies):
    ids, apps = old_vacancies
    Vacancy = apps.get_model("jobs", "Vacancy")
    assert set(Vacancy.objects.values_list("pk", flat=True)) == set(ids.values())
    for vacancy in Vacancy.objects.all():
        assert vacancy.closes_at == CLOSES_AT
        assert vacancy.apply_url == f"https://example.org/{vacancy.slug}"
        assert vacancy.expire_at == datetime(2027, 1, 2, 9, 0, tzinfo=UTC)


def test_revisions_carry_the_new_fields(old_vacancies):
    ids, apps = old_vacancies
    Revision = apps.get_model("wagtailcore", "Revision")
    Borough = apps.get_model("members", "Borough")
    content = Revision.objects.get(object_id=str(ids["partnerships-officer"])).content
    assert content["location"] == "borough"
    assert content["borough"] == Borough.objects.get(name="Tower Hamlets").pk
    assert (content["salary_min"], content["hours_per_week"]) == ("32000", "35")
    assert "legacy_location" not in content
