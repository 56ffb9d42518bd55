"""A vacancy's page: every fact in plain words, how to apply while it is open, and a closed
notice (with nothing to apply with) once it has closed, been filled or been withdrawn."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from jobs import wording
from jobs.choices import ContractType, DocumentKind, Ending, Location, SalaryPeriod, WorkingPattern
from members.models import Borough
from tests.jobs.factories import VacancyFactory, add_document, at, make_jobs_board
from tests.members.factories import OrganisationFactory, make_directory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026 at noon; the vacancy closes at 9am on the Thursday.
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CLOSES = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def page(client, url, now=NOW):
    with at(now):
        response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def facts(html):
    """The facts list as {term: description}."""
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in html.select("dl.jobs-facts dt")
    }


def words(html):
    return " ".join(html.get_text().split())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def vacancy(media):
    jobs = make_jobs_board()
    make_directory(jobs.get_parent())
    organisation = OrganisationFactory(name="Hedgehog Rescue", slug="hedgehog-rescue")
    vacancy = VacancyFactory(
        parent=jobs,
        title="Partnerships Officer",
        organisation=organisation,
        summary="Build partnerships with councils and funders.",
        location=Location.BOROUGH,
        borough=Borough.objects.get(slug="southwark"),
        place="12 Rye Lane, Peckham",
        postcode="SE15 4ST",
        working_pattern=WorkingPattern.HYBRID,
        hours_per_week=Decimal(35),
        contract_type=ContractType.FIXED_TERM,
        contract_months=12,
        positions=2,
        salary_min=Decimal(32000),
        salary_max=Decimal(34000),
        salary_period=SalaryPeriod.YEAR,
        benefits="8% pension contribution, 25 days annual leave",
        closes_at=CLOSES,
        interviews_on=date(2026, 12, 11),
        interviews_until=date(2026, 12, 14),
        apply_url="https://hedgehog.example/apply",
        apply_email="jobs@hedgehog.example",
        description="<h2>What you will do</h2><p>Meet councils.</p>",
        equality_statement="We welcome applications from disabled people.",
        tags=["Partnerships", "Policy"],
    )
    add_document(vacancy)
    add_document(
        vacancy,
        DocumentKind.OTHER,
        title="Safeguarding policy",
        filename="safeguarding.docx",
        size=2 * 1024 * 1024 + 400 * 1024,
    )
    return vacancy


def test_every_fact_in_plain_words(client, vacancy):
    html = page(client, vacancy.url)
    assert facts(html) == {
        "Salary": "£32,000 to £34,000 a year",
        "Benefits": "8% pension contribution, 25 days annual leave",
        "Hours and contract": "35 hours a week, fixed term (1 year)",
        "Full or part time": "Full time",
        "Number of posts": "2 posts",
        "Location": "12 Rye Lane, Peckham, Southwark SE15 4ST",
        "Working pattern": "Hybrid: partly on site, partly from home",
        "Interviews": "Friday 11 December 2026 to Monday 14 December 2026",
        "Closing date (London time)": "Closes 9am, Thursday 3 December 2026 (in 2 days) "
        "Closing soon",
    }
    assert html.select_one("dl.jobs-facts time")["datetime"] == "2026-12-03T09:00:00+00:00"
    assert [h.get_text() for h in html.select("h1")] == ["Partnerships Officer"]
    assert html.select_one(".lead").get_text() == "Build partnerships with councils and funders."


def test_the_employer_links_to_its_member_profile(client, vacancy):
    html = page(client, vacancy.url)
    employer = html.select_one(".jobs-vacancy__organisation a")
    assert employer.get_text() == "Hedgehog Rescue"
    assert employer["href"] == vacancy.organisation.get_absolute_url()


def test_a_non_member_employer_is_named_without_a_link(client):
    jobs = make_jobs_board()
    vacancy = VacancyFactory(parent=jobs, employer_name="Kent Carers", closes_at=CLOSES)
    html = page(client, vacancy.url)
    assert html.select_one(".jobs-vacancy__organisation").get_text() == "Kent Carers"
    assert html.select_one(".jobs-vacancy__organisation a") is None


def test_how_to_apply_link_email_and_application_pack(client, vacancy):
    html = page(client, vacancy.url)
    apply = html.select_one("section.jobs-apply")
    assert apply.h2.get_text() == "How to apply"
    button = apply.select_one("a.button")
    assert button["href"] == "https://hedgehog.example/apply"
    assert button.get_text() == "Apply for Partnerships Officer"
    email = apply.select_one('a[href^="mailto:"]')
    assert email.get_text() == "jobs@hedgehog.example"
    assert (
        email["href"]
        == "mailto:jobs@hedgehog.example?subject=Application%3A%20Partnerships%20Officer"
    )
    assert "Or email your application to jobs@hedgehog.example." in words(apply)
    assert "Apply by 9am, Thursday 3 December 2026 (London time)." in words(apply)
    links = apply.select(".jobs-pack a")
    assert [a.get_text() for a in links] == [
        "Job description (PDF, 120 KB)",
        "Safeguarding policy (Word, 2.4 MB)",
    ]
    for link in links:
        assert link.has_attr("download")
        download = client.get(link["href"])
        assert download.status_code == 200
        assert "attachment" in download["Content-Disposition"]


def test_email_only_vacancy_has_no_button(client):
    vacancy = VacancyFactory(
        parent=make_jobs_board(), apply_url="", apply_email="jobs@example.org", closes_at=CLOSES
    )
    apply = page(client, vacancy.url).select_one("section.jobs-apply")
    assert apply.select("a.button") == []
    assert "Email your application to jobs@example.org." in words(apply)


def test_description_equality_statement_and_tags(client, vacancy):
    html = page(client, vacancy.url)
    assert html.find("h2", string="What you will do")
    assert html.find("p", string="Meet councils.")
    statement = html.find("h2", string="Equality and access").find_next_sibling("div")
    assert statement.get_text(strip=True) == "We welcome applications from disabled people."
    assert [li.get_text() for li in html.select(".jobs-tags li")] == ["Partnerships", "Policy"]


def test_not_marked_closing_soon_before_the_last_three_days(client, vacancy):
    html = page(client, vacancy.url, now=CLOSES - timedelta(days=3, minutes=1))
    assert html.select(".jobs-closing-soon") == []
    html = page(client, vacancy.url, now=CLOSES - timedelta(days=3))
    assert html.select_one(".jobs-closing-soon").get_text() == "Closing soon"


def assert_nothing_to_apply_with(html, vacancy):
    assert html.select("section.jobs-apply") == []
    assert html.select("a.button") == []
    assert html.select('a[href^="mailto:"]') == []
    assert html.select("a[download]") == []
    assert vacancy.apply_url not in str(html)
    assert vacancy.apply_email not in str(html)
    assert html.select('script[type="application/ld+json"]') == []


def test_a_closed_vacancy_leads_with_a_notice_and_offers_no_way_to_apply(client, vacancy):
    html = page(client, vacancy.url, now=CLOSES + timedelta(days=2))
    notice = html.select_one(".notice--closed")
    assert notice["role"] == "status"
    assert notice.find_previous_sibling().name == "h1"
    assert words(notice) == (
        "This vacancy closed at 9am, Thursday 3 December 2026. Applications are no longer accepted."
    )
    assert notice.time["datetime"] == "2026-12-03T09:00:00+00:00"
    assert_nothing_to_apply_with(html, vacancy)
    # The facts stay, for anyone checking what the job was; the countdown goes.
    assert facts(html)["Salary"] == "£32,000 to £34,000 a year"
    assert "Closing date (London time)" not in facts(html)


@pytest.mark.parametrize(
    ("reason", "words_said"),
    [
        (Ending.FILLED, "The employer has filled this vacancy."),
        (Ending.WITHDRAWN, "The employer has withdrawn this vacancy."),
    ],
)
def test_a_filled_or_withdrawn_vacancy_says_so(client, vacancy, reason, words_said):
    ended = datetime(2026, 12, 2, 14, 15, tzinfo=UTC)
    vacancy.end(reason, user=None, now=ended)
    html = page(client, vacancy.url, now=ended + timedelta(minutes=1))
    assert words(html.select_one(".notice--closed")) == (
        f"This vacancy closed at 2:15pm, Wednesday 2 December 2026. {words_said} "
        "Applications are no longer accepted."
    )
    assert_nothing_to_apply_with(html, vacancy)


def test_more_documents_cost_no_more_queries(client, vacancy):
    with at(NOW):
        two = count_queries(client, vacancy.url)
        add_document(vacancy, DocumentKind.APPLICATION_FORM, filename="form.docx")
        three = count_queries(client, vacancy.url)
    assert three == two


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (None, ""),
        (900, "900 bytes"),
        (1024, "1 KB"),
        (120 * 1024 + 300, "120 KB"),
        (1024 * 1024, "1.0 MB"),
        (int(2.46 * 1024 * 1024), "2.5 MB"),
    ],
)
def test_file_sizes_in_words(size, said):
    assert wording.file_size(size) == said


@pytest.mark.parametrize(
    ("extension", "said"),
    [("pdf", "PDF"), ("DOCX", "Word"), (".odt", "OpenDocument"), ("pptx", "PPTX")],
)
def test_file_types_in_words(extension, said):
    assert wording.file_type(extension) == said


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        (
            {"hours_per_week": Decimal(35), "contract_type": ContractType.PERMANENT},
            "35 hours a week (full time), permanent",
        ),
        (
            {
                "hours_per_week": Decimal("17.5"),
                "contract_type": ContractType.FIXED_TERM,
                "contract_months": 18,
            },
            "17.5 hours a week (part time), fixed term (18 months)",
        ),
        (
            {"hours_per_week": Decimal(1), "contract_type": ContractType.SESSIONAL},
            "1 hour a week (part time), sessional",
        ),
    ],
)
def test_hours_in_full(fields, said):
    vacancy = VacancyFactory.build(**fields)
    assert wording.hours_in_full(vacancy) == said


@pytest.mark.django_db
def test_a_vacancy_without_set_hours_gives_its_contract_alone(client):
    jobs = make_jobs_board()
    vacancy = VacancyFactory(
        parent=jobs, title="Relief cook", contract_type=ContractType.SESSIONAL, contract_months=None
    )
    # Hours are required now; vacancies migrated from free text may have none.
    type(vacancy).objects.filter(pk=vacancy.pk).update(hours_per_week=None)
    card = BeautifulSoup(client.get(jobs.url).content, "html.parser").select_one(".jobs-card")
    labels = [dt.get_text() for dt in card.select("dt")]
    assert labels == ["Location", "Salary", "Contract", "Closing date"]
    assert card.select_one("dt:-soup-contains('Contract') + dd").get_text() == "Sessional"


@pytest.mark.parametrize(
    ("fields", "where", "located"),
    [
        (
            {"location": Location.LONDON_WIDE, "place": "", "working_pattern": "remote"},
            "London-wide",
            "London-wide (remote)",
        ),
        (
            {"location": Location.REMOTE, "place": "", "working_pattern": "remote"},
            "Remote, from anywhere in the UK",
            "Remote, from anywhere in the UK",
        ),
        (
            {
                "location": Location.OUTSIDE_LONDON,
                "place": "Maidstone",
                "working_pattern": "on-site",
            },
            "Maidstone",
            "Maidstone",
        ),
    ],
)
def test_where_and_location(fields, where, located):
    vacancy = VacancyFactory.build(**fields)
    assert wording.where(vacancy) == where
    assert wording.location(vacancy) == located


def test_one_interview_day():
    vacancy = SimpleNamespace(interviews_on=date(2026, 12, 11), interviews_until=None)
    assert wording.interview_days(vacancy) == "Friday 11 December 2026"
    assert wording.interviews(vacancy) == "Interviews on Friday 11 December 2026"
