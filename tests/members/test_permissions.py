"""Who can reach what: members act only for their own organisations, never in the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from hub.email import send_due
from members.models import Membership
from tests.factories import UserFactory
from tests.members.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    org_a = OrganisationFactory(name="Organisation A")
    org_b = OrganisationFactory(name="Organisation B")
    admin_a = MembershipFactory(organisation=org_a, role=Membership.Role.ADMIN)
    contributor_a = MembershipFactory(organisation=org_a, role=Membership.Role.CONTRIBUTOR)
    # Whom the "remove colleague" page is about: someone other than each visitor.
    colleague_a = MembershipFactory(organisation=org_a, role=Membership.Role.CONTRIBUTOR)
    admin_b = MembershipFactory(organisation=org_b, role=Membership.Role.ADMIN)
    staff = UserFactory(is_staff=True, is_superuser=True)
    return {
        "org_a": org_a,
        "admin_a": admin_a,
        "contributor_a": contributor_a,
        "colleague_a": colleague_a,
        "users": {
            "anonymous": None,
            "contributor of A": contributor_a.user,
            "admin of A": admin_a.user,
            "admin of B": admin_b.user,
            "staff": staff,
        },
    }


def urls_for(people):
    slug = people["org_a"].slug
    return {
        "dashboard": reverse("members:dashboard"),
        "invite": reverse("members:invite_colleague", args=[slug]),
        "remove colleague": reverse(
            "members:remove_colleague", args=[slug, people["colleague_a"].pk]
        ),
        "edit profile": reverse("members:edit_profile", args=[slug]),
    }


LOGIN = 302
# Expected GET status of each page of organisation A, for each kind of visitor.
MATRIX = {
    "anonymous": {
        "dashboard": LOGIN,
        "invite": LOGIN,
        "remove colleague": LOGIN,
        "edit profile": LOGIN,
    },
    "contributor of A": {
        "dashboard": 200,
        "invite": 403,
        "remove colleague": 403,
        "edit profile": 403,
    },
    "admin of A": {"dashboard": 200, "invite": 200, "remove colleague": 200, "edit profile": 200},
    "admin of B": {"dashboard": 200, "invite": 404, "remove colleague": 404, "edit profile": 404},
    # Staff manage organisations in the admin, not through members' pages.
    "staff": {"dashboard": 200, "invite": 404, "remove colleague": 404, "edit profile": 404},
}


# Not named "page": that is pytest-playwright's fixture, and would drag its browser in.
@pytest.mark.parametrize(
    "who, view, expected",
    [(who, view, status) for who, views in MATRIX.items() for view, status in views.items()],
)
def test_permission_matrix(client, people, who, view, expected):
    user = people["users"][who]
    if user:
        client.force_login(user)
    url = urls_for(people)[view]
    response = client.get(url)
    assert response.status_code == expected
    if expected == LOGIN:
        assert response["Location"] == f"{reverse('members:login')}?next={url}"


@pytest.mark.parametrize("who", ["contributor of A", "admin of B", "staff"])
def test_nobody_else_can_post_changes_to_organisation_a(client, people, who):
    client.force_login(people["users"][who])
    urls = urls_for(people)
    name_before = people["org_a"].name
    client.post(urls["invite"], {"email": "new@example.org", "role": "admin"})
    client.post(urls["remove colleague"])
    client.post(urls["edit profile"], {"name": "Hijacked", "short_description": "x"})
    people["org_a"].refresh_from_db()
    assert people["org_a"].name == name_before
    assert not people["org_a"].has_unpublished_changes
    assert not people["org_a"].invitations.exists()
    assert Membership.objects.filter(pk=people["colleague_a"].pk).exists()


def test_admin_of_b_cannot_remove_a_membership_of_a_through_their_own_org_url(client, people):
    admin_b = people["users"]["admin of B"]
    client.force_login(admin_b)
    org_b = admin_b.memberships.get().organisation
    url = reverse("members:remove_colleague", args=[org_b.slug, people["contributor_a"].pk])
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=people["contributor_a"].pk).exists()


def test_members_have_no_admin_access(client, people):
    member = people["users"]["admin of A"]
    assert not member.is_staff
    assert not member.has_perm("wagtailadmin.access_admin")
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/snippets/members/organisation/").status_code == 302


def test_dashboard_shows_organisations_roles_and_colleagues(client, people):
    client.force_login(people["users"]["admin of A"])
    html = client.get(reverse("members:dashboard")).content.decode()
    assert "Organisation A" in html
    assert "Organisation admin" in html
    assert people["contributor_a"].user.email in html
    assert "Organisation B" not in html
    assert "Invite a colleague" in html


def test_contributor_dashboard_has_no_admin_actions_or_colleague_list(client, people):
    client.force_login(people["users"]["contributor of A"])
    html = client.get(reverse("members:dashboard")).content.decode()
    assert "Contributor" in html
    assert "Invite a colleague" not in html
    assert people["admin_a"].user.email not in html


def test_admin_removes_a_colleague(client, people):
    client.force_login(people["users"]["admin of A"])
    response = client.post(urls_for(people)["remove colleague"])
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=people["colleague_a"].pk).exists()


def test_last_admin_cannot_remove_themselves(client, people):
    client.force_login(people["users"]["admin of A"])
    url = reverse("members:remove_colleague", args=[people["org_a"].slug, people["admin_a"].pk])
    response = client.post(url)
    assert response.status_code == 409
    assert "the only organisation admin" in response.content.decode()
    assert Membership.objects.filter(pk=people["admin_a"].pk).exists()


def test_an_admin_can_leave_when_another_admin_remains(client, people):
    MembershipFactory(organisation=people["org_a"], role=Membership.Role.ADMIN)
    client.force_login(people["users"]["admin of A"])
    url = reverse("members:remove_colleague", args=[people["org_a"].slug, people["admin_a"].pk])
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=people["admin_a"].pk).exists()


def test_forms_are_csrf_protected(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["users"]["admin of A"])
    response = client.post(urls_for(people)["invite"], {"email": "x@example.org", "role": "admin"})
    assert response.status_code == 403
    assert not people["org_a"].invitations.exists()


def test_log_in_and_out_on_the_public_site(client, people):
    member = people["users"]["admin of A"]
    login_page = client.get(reverse("members:login"))
    assert 'autocomplete="username"' in login_page.content.decode()
    response = client.post(
        reverse("members:login"),
        {"username": member.username, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert client.post(reverse("members:logout")).status_code == 302
    assert client.get(reverse("members:dashboard")).status_code == 302


def test_wrong_password_is_explained_next_to_the_form(client, people):
    member = people["users"]["admin of A"]
    response = client.post(
        reverse("members:login"), {"username": member.username, "password": "wrong"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'value="{member.username}"' in html


def test_password_reset_by_email(client, people, mailoutbox):
    member = people["users"]["admin of A"]
    response = client.post(reverse("members:password_reset"), {"email": member.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("members:password_reset_done")
    send_due()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [member.email]
    link = next(line for line in message.body.splitlines() if "/account/password-reset/" in line)
    confirm = client.get(link.replace("http://testserver", ""), follow=True)
    assert confirm.status_code == 200
    set_password = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"},
    )
    assert set_password["Location"] == reverse("members:password_reset_complete")
    member.refresh_from_db()
    assert member.check_password("a fresh long passphrase")


def test_admin_of_b_cannot_withdraw_an_invitation_of_a_through_their_own_org_url(client, people):
    invitation = people["org_a"].invitations.create(email="new@example.org")
    admin_b = people["users"]["admin of B"]
    client.force_login(admin_b)
    org_b = admin_b.memberships.get().organisation
    url = reverse("members:revoke_invitation", args=[org_b.slug, invitation.pk])
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_withdrawing_an_invitation_needs_a_post(client, people):
    invitation = people["org_a"].invitations.create(email="new@example.org")
    client.force_login(people["users"]["admin of A"])
    url = reverse("members:revoke_invitation", args=[people["org_a"].slug, invitation.pk])
    assert client.get(url).status_code == 405
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_someone_removed_from_their_only_organisation_can_still_log_in(client, people):
    contributor = people["colleague_a"].user
    client.force_login(people["users"]["admin of A"])
    client.post(urls_for(people)["remove colleague"])
    their_client = Client()
    their_client.force_login(contributor)
    html = their_client.get(reverse("members:dashboard")).content.decode()
    assert "Organisation A" not in html
    assert "not linked to a member organisation" in html
    assert their_client.get(urls_for(people)["edit profile"]).status_code == 404


@pytest.mark.parametrize("typed", ["{email}", "{email_upper}", "{username}"])
def test_log_in_with_email_address_in_any_case_or_username(client, people, typed):
    member = people["users"]["admin of A"]
    username = typed.format(
        email=member.email, email_upper=member.email.upper(), username=member.username
    )
    response = client.post(
        reverse("members:login"),
        {"username": username, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert client.get(reverse("members:dashboard")).status_code == 200


def test_a_shared_email_address_does_not_pick_an_account(client, people):
    member = people["users"]["admin of A"]
    UserFactory(email=member.email.upper())
    response = client.post(
        reverse("members:login"),
        {"username": member.email, "password": "correct horse battery staple"},
    )
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


@pytest.mark.parametrize("next_url", ["https://evil.example.org/", "//evil.example.org/"])
def test_log_in_and_out_never_redirect_to_another_site(client, people, next_url):
    member = people["users"]["admin of A"]
    response = client.post(
        f"{reverse('members:login')}?next={next_url}",
        {
            "username": member.username,
            "password": "correct horse battery staple",
            "next": next_url,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/account/"
    response = client.post(reverse("members:logout"), {"next": next_url})
    assert response.status_code == 302 and response["Location"] == "/"


def test_log_in_follows_a_next_page_on_this_site(client, people):
    member = people["users"]["admin of A"]
    next_url = reverse("members:edit_profile", args=[people["org_a"].slug])
    response = client.post(
        reverse("members:login"),
        {"username": member.username, "password": "correct horse battery staple", "next": next_url},
    )
    assert response["Location"] == next_url


def test_password_reset_for_an_unknown_address_looks_the_same(client, people, mailoutbox):
    known = client.post(
        reverse("members:password_reset"), {"email": people["users"]["admin of A"].email}
    )
    unknown = client.post(reverse("members:password_reset"), {"email": "nobody@example.org"})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    send_due()
    assert len(mailoutbox) == 1
    done = client.get(unknown["Location"]).content.decode()
    assert "If an account uses that address" in done


def test_a_spent_password_reset_link_says_so_in_the_title(client):
    response = client.get(
        reverse("members:password_reset_confirm", args=["MQ", "set-password-nonsense"])
    )
    assert "<title>This link no longer works" in response.content.decode()


def test_a_contributor_can_leave_but_not_remove_anyone_else(client, people):
    client.force_login(people["users"]["contributor of A"])
    own = reverse(
        "members:remove_colleague", args=[people["org_a"].slug, people["contributor_a"].pk]
    )
    admin = reverse("members:remove_colleague", args=[people["org_a"].slug, people["admin_a"].pk])
    assert own in client.get(reverse("members:dashboard")).content.decode()
    assert client.post(admin).status_code == 403
    assert "Leave Organisation A" in client.get(own).content.decode()
    assert client.post(own).status_code == 302
    assert not Membership.objects.filter(pk=people["contributor_a"].pk).exists()
    assert Membership.objects.filter(pk=people["admin_a"].pk).exists()
