"""The admin's password reset is rate-limited per IP address and per email address, like the
members' one: accepted requests count, reading the form never does."""

import pytest
from django.urls import reverse

from hub.models import OutgoingEmail

pytestmark = pytest.mark.django_db

URL = "/admin/password_reset/"


@pytest.fixture(autouse=True)
def limit_of_three(settings, rate_limit_cache):
    """A limit of 3 accepted resets an hour, counted in a real cache."""
    settings.ADMIN_PASSWORD_RESET_RATE_LIMIT_PER_HOUR = 3


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("staff", "staff@example.org", "pw")


def test_the_url_is_wagtails_own():
    assert reverse("wagtailadmin_password_reset") == URL


def test_limited_per_email_address_with_a_clear_message(client, staff):
    for attempt in range(3):
        response = client.post(URL, {"email": "staff@example.org"}, REMOTE_ADDR=f"10.0.2.{attempt}")
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_password_reset_done")
    # One email per link: requests within the same second make the same link.
    queued = OutgoingEmail.objects.filter(to="staff@example.org").count()
    assert queued >= 1

    # The same account typed another way, from yet another address.
    response = client.post(URL, {"email": " Staff@Example.org"}, REMOTE_ADDR="10.0.2.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many reset requests" in page
    assert "please wait an hour before asking again" in page
    assert 'href="/admin/login/"' in page
    assert OutgoingEmail.objects.filter(to="staff@example.org").count() == queued

    # Someone else, from a fresh address, is still served.
    response = client.post(URL, {"email": "other@example.org"}, REMOTE_ADDR="10.0.2.10")
    assert response.status_code == 302


def test_limited_per_ip_address(client, staff):
    for number in range(3):
        response = client.post(URL, {"email": f"p{number}@example.org"}, REMOTE_ADDR="10.0.3.1")
        assert response.status_code == 302
    response = client.post(URL, {"email": "staff@example.org"}, REMOTE_ADDR="10.0.3.1")
    assert response.status_code == 429
    assert not OutgoingEmail.objects.exists()
    # Reading the form is never limited.
    assert client.get(URL, REMOTE_ADDR="10.0.3.1").status_code == 200


def test_a_mistyped_form_does_not_count(client, staff):
    for _ in range(5):
        response = client.post(URL, {"email": "not an address"}, REMOTE_ADDR="10.0.4.1")
        assert response.status_code == 200
    response = client.post(URL, {"email": "staff@example.org"}, REMOTE_ADDR="10.0.4.1")
    assert response.status_code == 302
