"""Members' journeys in a real Chromium: joining, inviting a colleague, and axe-core on the
directory, a profile, the join form (also with errors) and the dashboard."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.models import Membership, MembershipApplication
from tests.factories import UserFactory, make_site
from tests.members.factories import (
    BoroughFactory,
    EqualityAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    make_directory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def members_site():
    home = make_site()
    directory = make_directory(home)
    hackney = BoroughFactory(name="Hackney", slug="hackney")
    BoroughFactory(name="London-wide", slug="london-wide")
    deaf = EqualityAreaFactory(name="Deaf people", slug="deaf-people")
    EqualityAreaFactory(name="Older people", slug="older-people")
    organisation = OrganisationFactory(
        name="Hackney Deaf Forum",
        short_description="Deaf people in Hackney campaigning together.",
        description="We meet monthly.\n\nWe campaign for BSL interpreting in public services.",
        boroughs=[hackney],
        equality_areas=[deaf],
        user_led=True,
        charity_number="1234567",
    )
    OrganisationFactory(name="Another Group", boroughs=[hackney])
    admin = MembershipFactory(
        organisation=organisation,
        role=Membership.Role.ADMIN,
        user=UserFactory(username="forum-admin", email="admin@forum.example.org"),
    )
    return {"directory": directory, "organisation": organisation, "admin": admin}


def log_in(page, live_server, username):
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")


def test_directory_and_profile_are_accessible(
    live_server, page, members_site, assert_accessible, assert_reflows
):
    url = live_server.url + "/members/"
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    page.get_by_label("Borough").select_option("hackney")
    page.get_by_label("Community or equality area").select_option("deaf-people")
    page.get_by_label("Only user-led organisations").check()
    page.get_by_role("button", name="Show organisations").click()
    expect(page.get_by_role("status")).to_contain_text("1 organisation matches your search")
    assert "borough=hackney" in page.url and "user_led=on" in page.url
    assert_accessible(page)
    assert_reflows(page, page.url)

    page.get_by_role("link", name="Hackney Deaf Forum").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hackney Deaf Forum")
    expect(page.get_by_text("We campaign for BSL interpreting")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page, page.url)


def test_join_the_network(live_server, page, members_site, assert_accessible, assert_reflows):
    page.goto(live_server.url + "/join/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the network")
    assert_accessible(page)
    assert_reflows(page, live_server.url + "/join/")

    # Sending it empty shows an error summary whose links lead to the fields.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/join/")
    page.get_by_label("Organisation name").fill("Older Londoners Speak Up")
    page.get_by_role("button", name="Send application").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(page.get_by_label("Organisation name")).to_have_value("Older Londoners Speak Up")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your full name.").click()
    expect(page.get_by_label("Your full name")).to_be_focused()

    page.get_by_label("What does your organisation do?").fill("Older people in Hackney.")
    page.get_by_role("group", name="Where does your organisation work?").get_by_label(
        "Hackney"
    ).check()
    page.get_by_role("group", name="Which communities and equality areas").get_by_label(
        "Older people"
    ).check()
    page.get_by_label("Our organisation is user-led").check()
    page.get_by_label("Your full name").fill("Sam Example")
    page.get_by_label("Your email address").fill("sam@example.org")
    page.get_by_label("Our organisation shares the network's values").check()
    page.get_by_label("I have read the network's privacy notice").check()
    page.get_by_role("button", name="Send application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Application sent")
    application = MembershipApplication.objects.get()
    assert application.name == "Older Londoners Speak Up"
    assert application.user_led
    assert [area.slug for area in application.equality_areas.all()] == ["older-people"]


def test_admin_invites_a_colleague_who_accepts(
    live_server, page, members_site, assert_accessible, assert_reflows
):
    mail.outbox.clear()
    log_in(page, live_server, "forum-admin")
    assert_accessible(page)
    assert_reflows(page, live_server.url + "/account/")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Invite a colleague to Hackney Deaf Forum").click()
    page.get_by_label("Your colleague's email address").fill("colleague@example.org")
    page.get_by_label("Contributor").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "emailed an invitation to colleague@example.org"
    )

    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/account/invitations/" in line)
    page.get_by_role("navigation", name="Your account").get_by_role(
        "button", name="Log out"
    ).click()

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your account")
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Colleague")
    page.get_by_label("Choose a password").fill("a long enough passphrase")
    page.get_by_label("Type the password again").fill("a long enough passphrase")
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_role("heading", level=2, name="Hackney Deaf Forum")).to_be_visible()
    expect(page.get_by_text("Your role: Contributor")).to_be_visible()
    assert_accessible(page)

    # The link is spent.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This invitation has already been used"
    )


def test_profile_edit_form_is_accessible_with_errors(
    live_server, page, members_site, assert_accessible
):
    log_in(page, live_server, "forum-admin")
    page.get_by_role("link", name="Edit the profile of Hackney Deaf Forum").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Edit the profile of Hackney Deaf Forum"
    )
    assert_accessible(page)
    page.get_by_label("Charity number").fill("12-34")
    page.get_by_role("button", name="Send changes for approval").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a charity number")
    expect(page.get_by_label("Charity number")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
