"""Joining the network: the public form, consent records, and staff's decision in the admin."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from hub.email import send_due
from members.forms import PRIVACY_AGREEMENT, VALUES_AGREEMENT
from members.models import Membership, MembershipApplication, Organisation
from tests.factories import UserFactory
from tests.members.factories import MembershipApplicationFactory

pytestmark = pytest.mark.django_db


def test_join_form_stores_the_application_and_consent(client, join_data, mailoutbox):
    before = timezone.now()
    response = client.post(reverse("members:join"), join_data)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:join_thanks")
    application = MembershipApplication.objects.get()
    assert application.status == MembershipApplication.Status.PENDING
    assert application.charity_number == "SC012345"
    assert application.user_led
    assert [b.slug for b in application.boroughs.all()] == ["southwark"]
    # The exact wording shown, and when it was agreed.
    assert application.values_agreement == VALUES_AGREEMENT
    assert application.privacy_agreement == PRIVACY_AGREEMENT
    assert before <= application.agreed_at <= timezone.now()
    assert mailoutbox == []  # queued, sent by the worker
    send_due()
    assert mailoutbox[0].to == ["alex@example.org"]
    assert VALUES_AGREEMENT in mailoutbox[0].body
    thanks = client.get(response["Location"]).content.decode()
    assert "Application sent" in thanks
    assert "We are emailing you a copy" in thanks


def test_join_form_shows_the_wording_it_stores(client):
    html = client.get(reverse("members:join")).content.decode()
    assert "network&#x27;s values" in html or "network's values" in html
    assert 'autocomplete="organization"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="name"' in html
    assert "<legend" in html


@pytest.mark.parametrize("missing", ["agrees_to_values", "agrees_to_privacy"])
def test_both_agreements_are_required(client, join_data, missing):
    del join_data[missing]
    response = client.post(reverse("members:join"), join_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_{missing}"' in html
    assert 'value="Peckham Travellers Group"' in html
    assert not MembershipApplication.objects.exists()


def test_join_errors_are_tied_to_their_fields(client, join_data):
    join_data.update(contact_email="not an address", boroughs=[], company_number="123")
    response = client.post(reverse("members:join"), join_data)
    html = response.content.decode()
    assert 'aria-describedby="id_contact_email_helptext id_contact_email_error"' in html
    assert 'id="id_contact_email_error"' in html
    assert "Choose at least one area." in html
    assert 'href="#id_boroughs_0"' in html
    assert "Enter a company number of 8 characters" in html
    assert html.count('aria-invalid="true"') >= 2


def review_url(application):
    return reverse("members_applications:edit", args=[application.pk])


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_staff_approve_then_applicant_sets_up_the_admin_account(
    staff_client, directory, join_data, mailoutbox
):
    staff_client.post(reverse("members:join"), join_data)
    application = MembershipApplication.objects.get()
    review = staff_client.get(review_url(application))
    assert review.status_code == 200
    assert "alex@example.org" in review.content.decode()

    response = staff_client.post(
        review_url(application), {"decision": "approve", "decision_reason": "Welcome aboard."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    organisation = application.organisation
    assert organisation.live and organisation.status == Organisation.Status.ACTIVE
    assert organisation.joined_on == timezone.localdate()
    assert organisation.slug == "peckham-travellers-group"
    assert organisation.contact_email == "travellers@example.org"
    assert [b.slug for b in organisation.boroughs.all()] == ["southwark"]
    assert organisation.user_led
    assert staff_client.get(organisation.get_absolute_url()).status_code == 200

    send_due()
    approval = mailoutbox[-1]
    assert approval.to == ["alex@example.org"]
    assert "Welcome aboard." in approval.body
    link = next(line for line in approval.body.splitlines() if "/account/invitations/" in line)

    staff_client.logout()
    password = "a long enough passphrase"  # noqa: S105 -- a test account's password
    response = staff_client.post(
        link.replace("http://testserver", ""),
        {
            "first_name": "Alex",
            "last_name": "Example",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="alex@example.org")
    assert user.memberships.get().role == Membership.Role.ADMIN
    assert user.memberships.get().organisation == organisation


def test_staff_decline_with_a_reason_that_is_emailed(staff_client, mailoutbox):
    application = MembershipApplicationFactory(contact_email="applicant@example.org")
    response = staff_client.post(review_url(application), {"decision": "decline"})
    assert response.status_code == 200
    assert "Give a reason for declining" in response.content.decode()
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING

    response = staff_client.post(
        review_url(application),
        {"decision": "decline", "decision_reason": "We only admit London organisations."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.DECLINED
    assert application.decided_at is not None
    assert not Organisation.objects.exists()
    send_due()
    message = mailoutbox[-1]
    assert message.to == ["applicant@example.org"]
    assert "We only admit London organisations." in message.body


def test_a_decided_application_cannot_be_decided_again(staff_client):
    application = MembershipApplicationFactory(
        status=MembershipApplication.Status.DECLINED,
        decided_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = staff_client.post(
        review_url(application), {"decision": "approve", "decision_reason": ""}
    )
    assert response.status_code == 200
    assert not Organisation.objects.exists()


def test_staff_cannot_add_applications_in_the_admin(staff_client):
    listing = staff_client.get(reverse("members_applications:index"))
    assert listing.status_code == 200
    assert staff_client.get(reverse("members_applications:add")).status_code != 200


def test_members_cannot_review_applications(client):
    application = MembershipApplicationFactory()
    client.force_login(UserFactory())
    response = client.post(review_url(application), {"decision": "approve"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_staff_find_pending_applications(staff_client):
    MembershipApplicationFactory(name="Lewisham Deaf Women's Group")
    MembershipApplicationFactory(name="Decided Group", status=MembershipApplication.Status.DECLINED)
    url = reverse("members_applications:index")
    html = staff_client.get(url, {"status": "pending"}).content.decode()
    assert "Lewisham Deaf Women" in html
    assert "Decided Group" not in html
    html = staff_client.get(url, {"q": "lewisham"}).content.decode()
    assert "Lewisham Deaf Women" in html and "Decided Group" not in html


def test_the_network_is_told_of_a_new_application_with_a_link_to_review_it(
    client, join_data, mailoutbox, home
):
    from hub.models import NetworkSettings

    network = NetworkSettings.for_site(home.get_site())
    network.contact_email = "team@example.org"
    network.save()
    client.post(reverse("members:join"), join_data)
    application = MembershipApplication.objects.get()
    send_due()
    (to_staff,) = [message for message in mailoutbox if message.to == ["team@example.org"]]
    assert to_staff.subject == "New membership application: Peckham Travellers Group"
    assert f"http://testserver{review_url(application)}" in to_staff.body
    assert [message.to for message in mailoutbox] == [["team@example.org"], ["alex@example.org"]]
