"""What staff get in the Wagtail admin: the seeded vocabularies, the moderation workflow, and
organisation listings they can filter and search."""

import pytest
from django.urls import reverse

from members.models import Borough, EqualityArea, Organisation
from tests.factories import UserFactory
from tests.members.factories import BoroughFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_migrations_seed_areas_and_assign_the_moderation_workflow():
    names = set(Borough.objects.values_list("name", flat=True))
    assert len(names) == 35  # 32 boroughs, the City, London-wide and National
    assert {"City of London", "London-wide", "National", "Barking and Dagenham"} <= names
    assert EqualityArea.objects.count() == 12
    assert EqualityArea.objects.filter(slug="lgbtqi-plus", name="LGBTQI+").exists()
    assert Organisation().get_workflow().name == "Moderators approval"


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_staff_filter_organisations_by_borough_status_and_user_led(staff_client):
    hackney = BoroughFactory(name="Hackney", slug="hackney")
    OrganisationFactory(name="Hackney Deaf Forum", boroughs=[hackney], user_led=True)
    OrganisationFactory(name="Lapsed Hackney Group", boroughs=[hackney], status="lapsed")
    OrganisationFactory(name="Camden Group")
    url = reverse("wagtailsnippets_members_organisation:list")
    response = staff_client.get(
        url, {"boroughs": hackney.pk, "status": "active", "user_led": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hackney Deaf Forum" in html
    assert "Lapsed Hackney Group" not in html
    assert "Camden Group" not in html


def test_staff_search_organisations(staff_client):
    OrganisationFactory(name="Roma Support Group")
    OrganisationFactory(name="Consortium")
    url = reverse("wagtailsnippets_members_organisation:list")
    html = staff_client.get(url, {"q": "roma"}).content.decode()
    assert "Roma Support Group" in html
    assert "Consortium" not in html
