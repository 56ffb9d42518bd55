"""The join and password-reset forms are rate-limited per IP address and per email address."""

import pytest
from django.urls import reverse

from members.models import MembershipApplication
from tests.members.factories import BoroughFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limit_of_three(settings, rate_limit_cache):
    """A limit of 3 an hour, counted in a real cache."""
    settings.MEMBERS_RATE_LIMIT_PER_HOUR = 3


def join_data(email, name="A group"):
    return {
        "name": name,
        "short_description": "What we do.",
        "boroughs": [BoroughFactory(name="Hackney", slug="hackney").pk],
        "contact_name": "A Person",
        "contact_email": email,
        "agrees_to_values": "on",
        "agrees_to_privacy": "on",
    }


def test_join_is_limited_per_email_address(client):
    for attempt in range(3):
        # Different addresses (REMOTE_ADDR) each time: the email address alone trips the limit.
        response = client.post(
            reverse("members:join"),
            join_data("same@example.org", name=f"Group {attempt}"),
            REMOTE_ADDR=f"10.0.0.{attempt}",
        )
        assert response.status_code == 302
    response = client.post(
        reverse("members:join"), join_data("Same@Example.org "), REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert MembershipApplication.objects.count() == 3


def test_join_is_limited_per_ip_address(client):
    for number in range(3):
        assert (
            client.post(reverse("members:join"), join_data(f"p{number}@example.org")).status_code
            == 302
        )
    response = client.post(reverse("members:join"), join_data("fresh@example.org"))
    assert response.status_code == 429
    # Reading the form is never limited.
    assert client.get(reverse("members:join")).status_code == 200


def test_password_reset_is_limited_per_email_address(client, mailoutbox):
    url = reverse("members:password_reset")
    for attempt in range(3):
        response = client.post(
            url, {"email": "someone@example.org"}, REMOTE_ADDR=f"10.0.1.{attempt}"
        )
        assert response.status_code == 302
    response = client.post(url, {"email": "someone@example.org"}, REMOTE_ADDR="10.0.1.9")
    assert response.status_code == 429
    assert "wait an hour" in response.content.decode()
    # Another address from a fresh IP is still served.
    other = client.post(url, {"email": "other@example.org"}, REMOTE_ADDR="10.0.1.10")
    assert other.status_code == 302


def test_correcting_mistakes_in_the_join_form_is_never_limited(client):
    for _ in range(5):
        mistaken = {**join_data("same@example.org"), "contact_name": ""}
        response = client.post(reverse("members:join"), mistaken)
        assert response.status_code == 200
        assert "Enter your full name." in response.content.decode()
    response = client.post(reverse("members:join"), join_data("same@example.org"))
    assert response.status_code == 302


def test_blank_addresses_from_many_people_share_no_limit(client, mailoutbox):
    url = reverse("members:password_reset")
    for attempt in range(5):
        assert client.post(url, {"email": ""}, REMOTE_ADDR=f"10.0.2.{attempt}").status_code == 200
    response = client.post(url, {"email": "someone@example.org"}, REMOTE_ADDR="10.0.2.9")
    assert response.status_code == 302
