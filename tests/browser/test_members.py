"""Members' journeys in a real Chromium, with axe-core (target sizes included) on every page
type of the members app: the directory (filtered and with no results), a profile, joining,
logging in, password reset, accepting invitations and the organisation admin's pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from members import invitations
from members.models import Membership, MembershipApplication
from tests.factories import UserFactory, make_site
from tests.members.factories import (
    BoroughFactory,
    EqualityAreaFactory,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    make_directory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"  # noqa: S105 -- a test account's password

_axe = Axe()


@pytest.fixture
def assert_accessible():
    """As the shared check, plus axe's target-size rule (WCAG 2.2 2.5.8), which is off by
    default."""

    def check(page):
        results = _axe.run(
            page,
            options={"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}},
        )
        assert results.violations_count == 0, results.generate_report()

    return check


def expect_error_page(page):
    """A form sent back with errors: "Error:" starts the title, and the summary's first link
    moves focus to a field that is marked invalid and described by its error."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("There is a problem")
    link = summary.get_by_role("link").first
    target = link.get_attribute("href")
    link.click()
    field = page.locator(target)
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile(r"_error"))


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
    page.get_by_role("main").get_by_label("Email address or username").fill(username)
    page.get_by_role("main").get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")


def test_directory_and_profile_are_accessible(
    live_server, page, members_site, assert_accessible, assert_reflows
):
    url = live_server.url + "/members/"
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    page.get_by_role("main").get_by_label("Borough").select_option("hackney")
    page.get_by_role("main").get_by_label("Community or equality area").select_option("deaf-people")
    page.get_by_role("main").get_by_label("Only user-led organisations").check()
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
    page.get_by_role("main").get_by_label("Organisation name").fill("Older Londoners Speak Up")
    page.get_by_role("button", name="Send application").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(page.get_by_role("main").get_by_label("Organisation name")).to_have_value(
        "Older Londoners Speak Up"
    )
    expect(page).to_have_title(re.compile(r"^Error: Join the network"))
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your full name.").click()
    expect(page.get_by_role("main").get_by_label("Your full name")).to_be_focused()

    page.get_by_role("main").get_by_label("What does your organisation do?").fill(
        "Older people in Hackney."
    )
    page.get_by_role("group", name="Where does your organisation work?").get_by_label(
        "Hackney"
    ).check()
    page.get_by_role("group", name="Which communities and equality areas").get_by_label(
        "Older people"
    ).check()
    page.get_by_role("main").get_by_label("Our organisation is user-led").check()
    page.get_by_role("main").get_by_label("Your full name").fill("Sam Example")
    page.get_by_role("main").get_by_label("Your email address").fill("sam@example.org")
    page.get_by_role("main").get_by_label("Our organisation shares the network's values").check()
    page.get_by_role("main").get_by_label("I agree to the privacy notice").check()
    page.get_by_role("button", name="Send application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Application sent")
    assert_accessible(page)
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
    page.get_by_role("main").get_by_label("Your colleague's email address").fill(
        "colleague@example.org"
    )
    page.get_by_role("main").get_by_label("Contributor").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "emailing an invitation to colleague@example.org"
    )

    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/account/invitations/" in line)
    page.get_by_role("navigation", name="Your account").get_by_role(
        "button", name="Log out"
    ).click()

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your account")
    page.get_by_role("main").get_by_label("First name").fill("Robin")
    page.get_by_role("main").get_by_label("Last name").fill("Colleague")
    page.get_by_role("main").get_by_label("Choose a password").fill("a long enough passphrase")
    page.get_by_role("main").get_by_label("Type the password again").fill(
        "a long enough passphrase"
    )
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
    page.get_by_role("main").get_by_label("Charity number").fill("12-34")
    page.get_by_role("button", name="Send changes for approval").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a charity number")
    expect(page.get_by_role("main").get_by_label("Charity number")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert_accessible(page)


def test_directory_with_no_results_is_accessible(
    live_server, page, members_site, assert_accessible
):
    page.goto(live_server.url + "/members/?q=nothing+matches+this")
    expect(page.get_by_role("status")).to_contain_text("0 organisations match your search")
    expect(page.get_by_text("No member organisations match")).to_be_visible()
    assert_accessible(page)


def test_logging_in_and_resetting_a_password_are_accessible(
    live_server, page, members_site, assert_accessible, assert_reflows
):
    mail.outbox.clear()
    login = live_server.url + "/account/login/"
    page.goto(login)
    assert_accessible(page)
    assert_reflows(page, login)
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("main").get_by_label("Email address or username")).to_have_attribute(
        "autocomplete", "username"
    )
    expect(page.get_by_role("main").get_by_label("Password")).to_have_attribute(
        "autocomplete", "current-password"
    )
    # Focus is visible when moving through the form with the keyboard.
    page.get_by_role("main").get_by_label("Password").focus()
    page.keyboard.press("Tab")
    button = page.get_by_role("button", name="Log in")
    expect(button).to_be_focused()
    assert button.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    button.click()
    expect_error_page(page)
    assert_accessible(page)
    page.get_by_role("main").get_by_label("Email address or username").fill(
        "admin@forum.example.org"
    )
    page.get_by_role("main").get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    expect(page).to_have_title(re.compile(r"^Error: Log in"))
    expect(page.get_by_role("main").get_by_label("Email address or username")).to_have_value(
        "admin@forum.example.org"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page)
    page.get_by_role("main").get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Email me a link").click()
    expect_error_page(page)
    assert_accessible(page)
    page.get_by_role("main").get_by_label("Email address").fill("admin@forum.example.org")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/account/password-reset/" in line)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page)
    page.get_by_role("main").get_by_label("New password", exact=True).fill(
        "a fresh long passphrase"
    )
    page.get_by_role("main").get_by_label("New password confirmation").fill(
        "something else entirely"
    )
    page.get_by_role("button", name="Save my new password").click()
    expect_error_page(page)
    assert_accessible(page)
    page.get_by_role("main").get_by_label("New password", exact=True).fill(
        "a fresh long passphrase"
    )
    page.get_by_role("main").get_by_label("New password confirmation").fill(
        "a fresh long passphrase"
    )
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")
    assert_accessible(page)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    expect(page).to_have_title(re.compile(r"^This link no longer works"))
    assert_accessible(page)


def test_too_many_attempts_page_is_accessible(
    live_server, page, members_site, settings, rate_limit_cache, assert_accessible
):
    settings.MEMBERS_RATE_LIMIT_PER_HOUR = 1
    for _ in range(2):
        page.goto(live_server.url + "/account/password-reset/")
        page.get_by_role("main").get_by_label("Email address").fill("someone@example.org")
        page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
    assert_accessible(page)


def test_a_paused_login_says_when_to_try_again_and_is_accessible(
    live_server, page, members_site, settings, rate_limit_cache, assert_accessible
):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 1
    page.goto(live_server.url + "/account/login/")
    for _ in range(2):
        main = page.get_by_role("main")
        main.get_by_label("Email address or username").fill("forum-admin")
        main.get_by_label("Password").fill("a wrong guess")
        main.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("status")).to_contain_text("logging in is paused until")
    # The form is there to use once the wait is over.
    expect(page.get_by_role("main").get_by_label("Password")).to_be_visible()
    assert_accessible(page)


def test_invitation_pages_are_accessible(
    live_server, page, members_site, settings, assert_accessible, assert_reflows
):
    organisation = members_site["organisation"]

    def open_invitation(invitation):
        page.goto(live_server.url + f"/account/invitations/{invitations.token_for(invitation)}/")

    open_invitation(InvitationFactory(organisation=organisation, email="new@example.org"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your account")
    expect(page.get_by_role("main").get_by_label("First name")).to_have_attribute(
        "autocomplete", "given-name"
    )
    expect(page.get_by_role("main").get_by_label("Choose a password")).to_have_attribute(
        "autocomplete", "new-password"
    )
    assert_accessible(page)
    assert_reflows(page, page.url)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("main").get_by_label("Choose a password").fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect_error_page(page)
    expect(page.get_by_role("main").get_by_label("Choose a password")).to_have_value("")
    assert_accessible(page)

    problems = {
        "This invitation has already been used": InvitationFactory(
            organisation=organisation, accepted_at=timezone.now()
        ),
        "This invitation has been withdrawn": InvitationFactory(
            organisation=organisation, revoked_at=timezone.now()
        ),
    }
    for heading, invitation in problems.items():
        open_invitation(invitation)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page).to_have_title(re.compile(f"^{heading}"))
        assert_accessible(page)
    page.goto(live_server.url + "/account/invitations/not-a-real-link/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation link does not work")
    assert_accessible(page)
    expired = InvitationFactory(organisation=organisation)
    settings.MEMBERS_INVITATION_MAX_AGE_DAYS = -1
    open_invitation(expired)
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation has expired")
    assert_accessible(page)
    settings.MEMBERS_INVITATION_MAX_AGE_DAYS = 14

    # An address that already has an account: log in first, then accept.
    existing = MembershipFactory(
        organisation=OrganisationFactory(name="Older Group"),
        user=UserFactory(username="existing", email="existing@example.org"),
    )
    open_invitation(InvitationFactory(organisation=organisation, email=existing.user.email))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to accept your invitation")
    assert_accessible(page)
    page.get_by_role("link", name="Log in").last.click()
    page.get_by_role("main").get_by_label("Email address or username").fill("existing@example.org")
    page.get_by_role("main").get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Hackney Deaf Forum")
    assert_accessible(page)
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_role("heading", level=2, name="Hackney Deaf Forum")).to_be_visible()

    # Someone logged in with another address is told the invitation is not theirs.
    open_invitation(InvitationFactory(organisation=organisation, email="else@example.org"))
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation is for someone else")
    assert_accessible(page)


def test_organisation_admin_pages_are_accessible(
    live_server, page, members_site, assert_accessible, assert_reflows
):
    organisation = members_site["organisation"]
    MembershipFactory(
        organisation=organisation, user=UserFactory(username="robin", email="robin@example.org")
    )
    log_in(page, live_server, "forum-admin")

    page.get_by_role("link", name="Invite a colleague to Hackney Deaf Forum").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invite a colleague to Hackney Deaf Forum"
    )
    assert_accessible(page)
    assert_reflows(page, page.url)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("main").get_by_label("Your colleague's email address").fill(
        "robin@example.org"
    )
    page.get_by_role("button", name="Send invitation").click()
    expect_error_page(page)
    expect(page.get_by_role("alert")).to_contain_text("already has an account")
    assert_accessible(page)

    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Remove robin@example.org").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Remove robin@example.org from Hackney Deaf Forum"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Remove robin@example.org").click()
    expect(page.get_by_role("status")).to_contain_text("robin@example.org no longer has access")

    # The only admin cannot leave: the page says why instead.
    page.get_by_role("link", name="Leave").click()
    expect(page.get_by_text("You are the only organisation admin")).to_be_visible()
    assert_accessible(page)
