"""schema.org JobPosting on vacancy pages, read back from the page as a search engine reads it
and checked against what Google's job search requires and recommends."""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from jobs.choices import ContractType, Ending, Location, SalaryPeriod, WorkingPattern
from members.models import Borough
from tests.jobs.factories import VacancyFactory, at, make_jobs_board
from tests.members.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
POSTED = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
CLOSES = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
GOOGLE_REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "validThrough"}
EMPLOYMENT_TYPES = {
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
}


@pytest.fixture
def jobs():
    return make_jobs_board()


def posting(client, vacancy, now=NOW):
    """The page's JobPosting, or None; there is never more than one."""
    with at(now):
        response = client.get(vacancy.url)
    assert response.status_code == 200
    scripts = BeautifulSoup(response.content, "html.parser").select(
        'script[type="application/ld+json"]'
    )
    assert len(scripts) <= 1
    return json.loads(scripts[0].string) if scripts else None


def assert_google_can_read(data):
    """Google's required properties, its location rule, and the recommended ones we give."""
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "JobPosting"
    assert data.keys() >= GOOGLE_REQUIRED
    assert data["hiringOrganization"]["@type"] == "Organization"
    assert data["hiringOrganization"]["name"]
    if data.get("jobLocationType") == "TELECOMMUTE":
        assert data["applicantLocationRequirements"] == {
            "@type": "Country",
            "name": "United Kingdom",
        }
    else:
        assert data["jobLocation"]["@type"] == "Place"
    if "jobLocation" in data:
        assert data["jobLocation"]["address"]["@type"] == "PostalAddress"
        assert data["jobLocation"]["address"]["addressCountry"] == "GB"
    assert set(data["employmentType"]) <= EMPLOYMENT_TYPES
    assert data["directApply"] is False
    for moment in ("datePosted", "validThrough"):
        assert datetime.fromisoformat(data[moment]).tzinfo is not None


def test_a_borough_job_with_a_salary_range(client, jobs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    logo = wagtail_factories.ImageFactory(title="Logo", file__width=400, file__height=400)
    organisation = OrganisationFactory(
        name="Hedgehog Rescue", website="https://hedgehog.example/", logo=logo
    )
    vacancy = VacancyFactory(
        parent=jobs,
        title="Partnerships Officer",
        organisation=organisation,
        summary="Build partnerships.",
        description="<p>Meet <b>councils</b>.</p>",
        benefits="Pension",
        equality_statement="We welcome disabled applicants.",
        location=Location.BOROUGH,
        borough=Borough.objects.get(slug="southwark"),
        place="12 Rye Lane, Peckham",
        postcode="SE15 4ST",
        working_pattern=WorkingPattern.ON_SITE,
        hours_per_week=Decimal(35),
        contract_type=ContractType.PERMANENT,
        positions=2,
        salary_min=Decimal(32000),
        salary_max=Decimal("34000.50"),
        salary_period=SalaryPeriod.YEAR,
        first_published_at=POSTED,
        closes_at=CLOSES,
    )
    data = posting(client, vacancy)
    assert_google_can_read(data)
    assert data["title"] == "Partnerships Officer"
    assert data["description"] == (
        "<p>Build partnerships.</p><p>Meet <b>councils</b>.</p><p>Benefits: Pension</p>"
        "<p>We welcome disabled applicants.</p>"
    )
    assert data["datePosted"] == "2026-11-20T10:30:00+00:00"
    assert data["validThrough"] == "2026-12-03T09:00:00+00:00"
    assert data["url"] == f"http://testserver{vacancy.url}"
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": "Hedgehog Rescue",
        "value": str(vacancy.pk),
    }
    organisation_data = data["hiringOrganization"]
    assert organisation_data["name"] == "Hedgehog Rescue"
    assert organisation_data["sameAs"] == "https://hedgehog.example/"
    rendition = logo.get_rendition("max-600x600")
    assert organisation_data["logo"] == f"http://testserver{rendition.url}"
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "12 Rye Lane",
            "addressLocality": "Peckham",
            "addressRegion": "London",
            "postalCode": "SE15 4ST",
            "addressCountry": "GB",
        },
    }
    assert "jobLocationType" not in data
    assert data["employmentType"] == ["FULL_TIME"]
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "GBP",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 32000,
            "maxValue": 34000.5,
            "unitText": "YEAR",
        },
    }
    assert data["totalJobOpenings"] == 2
    assert data["jobBenefits"] == "Pension"


def test_a_remote_job_is_telecommute_from_the_uk_with_no_place(client, jobs):
    vacancy = VacancyFactory(
        parent=jobs,
        location=Location.REMOTE,
        place="",
        working_pattern=WorkingPattern.REMOTE,
        closes_at=CLOSES,
    )
    data = posting(client, vacancy)
    assert_google_can_read(data)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "United Kingdom"}
    assert "jobLocation" not in data


def test_a_job_based_in_a_borough_but_worked_from_home_gives_both(client, jobs):
    vacancy = VacancyFactory(
        parent=jobs,
        location=Location.BOROUGH,
        borough=Borough.objects.get(slug="lewisham"),
        place="",
        working_pattern=WorkingPattern.REMOTE,
        closes_at=CLOSES,
    )
    data = posting(client, vacancy)
    assert_google_can_read(data)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Lewisham",
        "addressRegion": "London",
        "addressCountry": "GB",
    }


def test_a_hybrid_job_is_not_marked_telecommute(client, jobs):
    """Google: TELECOMMUTE is for jobs done entirely away from a workplace."""
    vacancy = VacancyFactory(
        parent=jobs, working_pattern=WorkingPattern.HYBRID, place="", closes_at=CLOSES
    )
    data = posting(client, vacancy)
    assert_google_can_read(data)
    assert "jobLocationType" not in data
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "London",
        "addressRegion": "London",
        "addressCountry": "GB",
    }


def test_outside_london_names_the_place_without_a_london_region(client, jobs):
    vacancy = VacancyFactory(
        parent=jobs, location=Location.OUTSIDE_LONDON, place="Maidstone", closes_at=CLOSES
    )
    data = posting(client, vacancy)
    assert_google_can_read(data)
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Maidstone",
        "addressCountry": "GB",
    }


def test_one_hourly_rate_is_a_single_value(client, jobs):
    vacancy = VacancyFactory(parent=jobs, closes_at=CLOSES)  # £14.50 an hour
    data = posting(client, vacancy)
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "value": 14.5,
        "unitText": "HOUR",
    }
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Peckham Community Kitchen",
    }


@pytest.mark.parametrize(
    ("fields", "types"),
    [
        (
            {"hours_per_week": Decimal(14), "contract_type": "fixed-term"},
            ["PART_TIME", "TEMPORARY"],
        ),
        ({"hours_per_week": Decimal(35), "contract_type": "sessional"}, ["FULL_TIME", "TEMPORARY"]),
        (
            {"hours_per_week": Decimal(20), "contract_type": "freelance"},
            ["PART_TIME", "CONTRACTOR"],
        ),
        ({"hours_per_week": Decimal(40), "contract_type": "permanent"}, ["FULL_TIME"]),
    ],
)
def test_employment_type_from_hours_and_contract(client, jobs, fields, types):
    vacancy = VacancyFactory(parent=jobs, closes_at=CLOSES, **fields)
    assert posting(client, vacancy)["employmentType"] == types


def test_an_unpaid_role_has_no_salary_and_is_volunteer(client, jobs):
    vacancy = VacancyFactory(
        parent=jobs,
        unpaid=True,
        salary_min=None,
        hours_per_week=Decimal(4),
        contract_type=ContractType.VOLUNTEER,
        closes_at=CLOSES,
    )
    data = posting(client, vacancy)
    assert_google_can_read(data)
    assert "baseSalary" not in data
    assert data["employmentType"] == ["PART_TIME", "VOLUNTEER"]


def test_editors_text_cannot_break_out_of_the_script(client, jobs):
    title = "Worker </script><script>alert(1)</script> & co"
    vacancy = VacancyFactory(
        parent=jobs, title=title, description="<p>The job.</p>", closes_at=CLOSES
    )
    with at(NOW):
        content = client.get(vacancy.url).content.decode()
    assert "<script>alert(1)" not in content
    assert posting(client, vacancy)["title"] == title


def test_no_posting_once_closed(client, jobs):
    vacancy = VacancyFactory(parent=jobs, closes_at=CLOSES)
    assert posting(client, vacancy, now=CLOSES - timedelta(minutes=1)) is not None
    assert posting(client, vacancy, now=CLOSES) is None
    assert posting(client, vacancy, now=CLOSES + timedelta(days=10)) is None


def test_no_posting_once_filled(client, jobs):
    vacancy = VacancyFactory(parent=jobs, closes_at=CLOSES)
    vacancy.end(Ending.FILLED, user=None, now=NOW - timedelta(hours=1))
    assert posting(client, vacancy) is None
