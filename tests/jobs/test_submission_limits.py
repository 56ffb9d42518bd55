"""Vacancies sent for approval are limited per account (JOBS_SUBMISSIONS_PER_HOUR), not per IP
address: colleagues in one office share an address. Posts with errors do not count."""

import uuid

import pytest
from django.http import HttpResponseRedirect
from django.test import RequestFactory

from hub.ratelimit import limit_accepted_posts
from jobs.models import Vacancy
from tests.factories import UserFactory
from tests.jobs.posting_helpers import post_vacancy, posting_site, url, vacancy_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rate_limit_cache(settings, tmp_path):
    """Test settings use DummyCache, which counts nothing: give django-ratelimit a real one."""
    settings.MEDIA_ROOT = tmp_path
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(uuid.uuid4()),
        },
    }
    settings.RATELIMIT_USE_CACHE = "ratelimit"
    settings.JOBS_SUBMISSIONS_PER_HOUR = 2


def test_each_account_may_send_a_few_vacancies_an_hour(client, settings):
    site = posting_site()
    client.force_login(site["contributor_a"])
    # A post with errors does not count.
    assert post_vacancy(client, site["org_a"], title="").status_code == 200
    for number in range(2):
        assert post_vacancy(client, site["org_a"], title=f"Job {number}").status_code == 302
    vacancy = Vacancy.objects.get(title="Job 0")
    # New vacancies, copies and edits share the count.
    for response in (
        post_vacancy(client, site["org_a"], title="Job 2"),
        client.post(url("copy_vacancy", site["org_a"], vacancy), vacancy_data(title="Job 3")),
        client.post(url("edit_vacancy", site["org_a"], vacancy), vacancy_data(title="Job 4")),
    ):
        assert response.status_code == 429
        assert "Too many vacancies sent" in response.content.decode()
    assert sorted(Vacancy.objects.values_list("title", flat=True)) == ["Job 0", "Job 1"]
    assert Vacancy.objects.get(pk=vacancy.pk).latest_revision.as_object().title == "Job 0"
    # Reading the form, and withdrawing, are never limited.
    assert client.get(url("new_vacancy", site["org_a"])).status_code == 200
    assert client.post(url("withdraw_vacancy", site["org_a"], vacancy)).status_code == 302

    # A colleague at the same address has a count of their own.
    client.force_login(site["admin_a"])
    assert post_vacancy(client, site["org_a"], title="Job 5").status_code == 302

    settings.JOBS_SUBMISSIONS_PER_HOUR = 3
    client.force_login(site["contributor_a"])
    assert post_vacancy(client, site["org_a"], title="Job 6").status_code == 302


def accepted(request):
    return HttpResponseRedirect("/done/")


def test_the_limit_counts_ip_addresses_unless_told_to_count_accounts():
    per_ip = limit_accepted_posts("test.ip", per_hour=lambda: 1)(accepted)
    per_account = limit_accepted_posts("test.user", per_hour=lambda: 1, user_key=True)(accepted)
    factory = RequestFactory()
    first, second = UserFactory(), UserFactory()

    def post(view, user, ip="10.0.0.1"):
        request = factory.post("/form/", REMOTE_ADDR=ip)
        request.user = user
        return view(request).status_code

    # By IP address: a second person at the same address is refused.
    assert [post(per_ip, first), post(per_ip, second)] == [302, 429]
    # By account: each person has their own count, wherever they are.
    assert [post(per_account, first), post(per_account, second)] == [302, 302]
    assert post(per_account, first, ip="10.9.9.9") == 429
