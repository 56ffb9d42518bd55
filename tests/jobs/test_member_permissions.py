"""Who may post and manage an organisation's vacancies: its members only, whatever is typed
into the URL. Anonymous visitors are sent to log in; everyone else gets a 404 that reveals
nothing, staff included (they moderate in the admin)."""

import pytest
from django.urls import reverse

from jobs.models import Vacancy
from tests.jobs.factories import VacancyFactory
from tests.jobs.posting_helpers import posting_site, url, vacancy_data

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "contributor_a", "admin_a", "contributor_b", "staff"]
#: What each person gets from organisation A's vacancy pages.
EXPECTED = {
    "anonymous": "login",
    "contributor_a": 200,
    "admin_a": 200,
    "contributor_b": 404,
    "staff": 404,
}
VACANCY_ACTIONS = ["edit_vacancy", "copy_vacancy", "withdraw_vacancy", "fill_vacancy"]


@pytest.fixture
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    site = posting_site()
    site["vacancy_a"] = VacancyFactory(
        parent=site["board"], title="Youth worker", organisation=site["org_a"]
    )
    site["vacancy_b"] = VacancyFactory(
        parent=site["board"], title="Advice worker", organisation=site["org_b"]
    )
    return site


def log_in(client, site, who):
    if who != "anonymous":
        client.force_login(site[who])


def assert_answer(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("members:login") + "?next=")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", ["new_vacancy", *VACANCY_ACTIONS])
def test_reading_each_page(client, site, who, action):
    log_in(client, site, who)
    vacancy = None if action == "new_vacancy" else site["vacancy_a"]
    assert_answer(client.get(url(action, site["org_a"], vacancy)), EXPECTED[who])


@pytest.mark.parametrize("who", PEOPLE)
def test_posting_a_new_vacancy(client, site, who):
    log_in(client, site, who)
    response = client.post(url("new_vacancy", site["org_a"]), vacancy_data(title="New job"))
    expected = 302 if EXPECTED[who] == 200 else EXPECTED[who]
    if expected == 302:
        assert response["Location"] == reverse("members:dashboard")
        assert Vacancy.objects.get(title="New job").organisation == site["org_a"]
    else:
        assert_answer(response, expected)
        assert not Vacancy.objects.filter(title="New job").exists()


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", ["edit_vacancy", "copy_vacancy"])
def test_sending_an_edit_or_a_copy(client, site, who, action):
    log_in(client, site, who)
    vacancy = site["vacancy_a"]
    data = vacancy_data(title="Changed title")
    response = client.post(url(action, site["org_a"], vacancy), data)
    if EXPECTED[who] == 200:
        assert response.status_code == 302
        changed = Vacancy.objects.filter(title="Changed title").exists()
        revised = Vacancy.objects.get(pk=vacancy.pk).has_unpublished_changes
        assert (changed, revised) == ((True, False) if action == "copy_vacancy" else (False, True))
    else:
        assert_answer(response, EXPECTED[who])
        assert not Vacancy.objects.get(pk=vacancy.pk).has_unpublished_changes
        assert Vacancy.objects.count() == 2


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(
    "action, ended", [("withdraw_vacancy", "withdrawn"), ("fill_vacancy", "filled")]
)
def test_ending_a_vacancy(client, site, who, action, ended):
    log_in(client, site, who)
    response = client.post(url(action, site["org_a"], site["vacancy_a"]))
    vacancy = Vacancy.objects.get(pk=site["vacancy_a"].pk)
    if EXPECTED[who] == 200:
        assert response.status_code == 302
        assert vacancy.ended == ended
    else:
        assert_answer(response, EXPECTED[who])
        assert vacancy.ended == ""
        assert vacancy.is_open()


@pytest.mark.parametrize("who", ["contributor_a", "admin_a"])
@pytest.mark.parametrize("action", VACANCY_ACTIONS)
def test_another_organisations_vacancy_typed_into_our_urls_is_not_found(client, site, who, action):
    log_in(client, site, who)
    foreign = url(action, site["org_a"], site["vacancy_b"])
    assert client.get(foreign).status_code == 404
    assert client.post(foreign, vacancy_data(title="Hijacked")).status_code == 404
    vacancy_b = Vacancy.objects.get(pk=site["vacancy_b"].pk)
    assert vacancy_b.ended == "" and not vacancy_b.has_unpublished_changes
    assert not Vacancy.objects.filter(title="Hijacked").exists()
    # Nor through the other organisation's own address, nor an id that does not exist.
    assert client.get(url(action, site["org_b"], site["vacancy_b"])).status_code == 404
    assert client.get(url(action, site["org_a"], Vacancy(pk=999999))).status_code == 404


@pytest.mark.parametrize("who", ["contributor_a", "admin_a"])
def test_posting_for_another_organisation_is_not_found(client, site, who):
    log_in(client, site, who)
    assert client.get(url("new_vacancy", site["org_b"])).status_code == 404
    response = client.post(url("new_vacancy", site["org_b"]), vacancy_data(title="Hijacked"))
    assert response.status_code == 404
    assert not Vacancy.objects.filter(title="Hijacked").exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_the_dashboard_lists_only_our_own_vacancies(client, site, who):
    log_in(client, site, who)
    response = client.get(reverse("members:dashboard"))
    if who == "anonymous":
        assert_answer(response, "login")
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Youth worker" in html) == (who in {"contributor_a", "admin_a"})
    assert ("Advice worker" in html) == (who == "contributor_b")
    assert (url("edit_vacancy", site["org_a"], site["vacancy_a"]) in html) == (
        who in {"contributor_a", "admin_a"}
    )


def test_an_ended_vacancy_cannot_be_edited_or_ended_again(client, site):
    client.force_login(site["admin_a"])
    vacancy = site["vacancy_a"]
    vacancy.end("withdrawn", site["admin_a"])
    response = client.post(url("edit_vacancy", site["org_a"], vacancy), vacancy_data(), follow=True)
    assert "was withdrawn, so it cannot be changed" in response.content.decode()
    assert not Vacancy.objects.get(pk=vacancy.pk).has_unpublished_changes
    response = client.post(url("fill_vacancy", site["org_a"], vacancy), follow=True)
    assert "was already withdrawn" in response.content.decode()
    assert Vacancy.objects.get(pk=vacancy.pk).ended == "withdrawn"
    # A copy is how to advertise it again.
    assert client.get(url("copy_vacancy", site["org_a"], vacancy)).status_code == 200
