import pytest

from tests.members.factories import BoroughFactory, EqualityAreaFactory, make_directory


@pytest.fixture
def directory(home):
    return make_directory(home)


@pytest.fixture
def join_data():
    southwark = BoroughFactory(name="Southwark", slug="southwark")
    roma = EqualityAreaFactory(
        name="Gypsy, Roma and Traveller communities", slug="gypsy-roma-and-traveller-communities"
    )
    return {
        "name": "Peckham Travellers Group",
        "website": "https://travellers.example.org",
        "public_email": "travellers@example.org",
        "charity_number": "sc 012345",
        "company_number": "",
        "boroughs": [southwark.pk],
        "equality_areas": [roma.pk],
        "user_led": "on",
        "short_description": "Gypsies and Travellers in Southwark, together.",
        "contact_name": "Alex Example",
        "contact_email": "alex@example.org",
        "agrees_to_values": "on",
        "agrees_to_privacy": "on",
    }
