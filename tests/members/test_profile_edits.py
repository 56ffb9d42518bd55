"""Members' profile edits are drafts that go through the moderation workflow."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from members.models import Membership, Organisation
from tests.factories import UserFactory
from tests.members.factories import (
    BoroughFactory,
    MembershipFactory,
    OrganisationFactory,
    moderation_workflow,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_membership():
    organisation = OrganisationFactory(
        name="Law for Life", short_description="Public legal education.", user_led=False
    )
    organisation.save_revision().publish()
    moderation_workflow()
    return MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN)


def profile_data(**changes):
    data = {
        "name": "Law for Life",
        "short_description": "Public legal education.",
        "description": "",
        "website": "",
        "contact_email": "info@example.org",
        "charity_number": "",
        "company_number": "",
    }
    return {**data, **changes}


def submit(client, membership, **changes):
    url = reverse("members:edit_profile", args=[membership.organisation.slug])
    return client.post(url, profile_data(**changes))


def test_edit_waits_for_approval_then_goes_live(client, directory, admin_membership):
    hackney = BoroughFactory(name="Hackney", slug="hackney")
    client.force_login(admin_membership.user)
    response = submit(
        client,
        admin_membership,
        short_description="Helping people understand the law.",
        boroughs=[hackney.pk],
        user_led="on",
    )
    assert response.status_code == 302

    organisation = Organisation.objects.get(pk=admin_membership.organisation.pk)
    # The live record is unchanged...
    assert organisation.short_description == "Public legal education."
    assert not organisation.user_led
    assert list(organisation.boroughs.all()) == []
    assert organisation.has_unpublished_changes
    profile = client.get(organisation.get_absolute_url()).content.decode()
    assert "Helping people understand the law." not in profile
    # ...while the pending revision holds the edit, in a workflow, by the member.
    latest = organisation.latest_revision
    assert latest.user == admin_membership.user
    draft = latest.as_object()
    assert draft.short_description == "Helping people understand the law."
    assert list(draft.boroughs.all()) == [hackney]
    state = organisation.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision == latest
    assert "awaiting approval" in client.get(reverse("members:dashboard")).content.decode()

    moderator = UserFactory(is_staff=True, is_superuser=True)
    state.current_task_state.specific.approve(user=moderator)

    organisation.refresh_from_db()
    assert organisation.short_description == "Helping people understand the law."
    assert organisation.user_led
    assert list(organisation.boroughs.all()) == [hackney]
    assert not organisation.has_unpublished_changes
    profile = client.get(organisation.get_absolute_url()).content.decode()
    assert "Helping people understand the law." in profile


def test_staff_see_what_changed_in_the_admin(client, admin_membership):
    client.force_login(admin_membership.user)
    submit(client, admin_membership, short_description="Helping people understand the law.")
    organisation = Organisation.objects.get(pk=admin_membership.organisation.pk)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = reverse(
        "wagtailsnippets_members_organisation:revisions_compare",
        args=[organisation.pk, "live", organisation.latest_revision.pk],
    )
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Public legal education." in html
    assert "Helping people understand the law." in html


def test_a_second_edit_replaces_the_first_in_review(client, admin_membership):
    client.force_login(admin_membership.user)
    submit(client, admin_membership, short_description="First edit.")
    form = client.get(reverse("members:edit_profile", args=[admin_membership.organisation.slug]))
    assert "First edit." in form.content.decode()
    submit(client, admin_membership, short_description="Second edit.")
    organisation = Organisation.objects.get(pk=admin_membership.organisation.pk)
    states = WorkflowState.objects.for_instance(organisation)
    assert states.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
    assert states.filter(status=WorkflowState.STATUS_CANCELLED).count() == 1
    current = organisation.current_workflow_state.current_task_state.revision
    assert current.as_object().short_description == "Second edit."


def test_invalid_edit_shows_errors_and_saves_nothing(client, admin_membership):
    client.force_login(admin_membership.user)
    response = submit(client, admin_membership, name="", charity_number="12-34")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="12-34"' in html
    assert "Enter a charity number" in html
    organisation = Organisation.objects.get(pk=admin_membership.organisation.pk)
    assert organisation.latest_revision.user is None


def png_upload(name="logo.png", size=(60, 40)):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, (90, 31, 122)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_a_new_logo_waits_for_approval_like_any_other_edit(
    client, directory, admin_membership, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_membership.user)
    response = submit(
        client, admin_membership, new_logo=png_upload(), logo_alt_text="Law for Life: scales"
    )
    assert response.status_code == 302

    organisation = Organisation.objects.get(pk=admin_membership.organisation.pk)
    assert organisation.logo is None
    draft = organisation.latest_revision.as_object()
    assert draft.logo.title == "Law for Life logo"
    assert draft.logo.uploaded_by_user == admin_membership.user
    assert draft.logo_alt_text == "Law for Life: scales"

    organisation.current_workflow_state.current_task_state.specific.approve(
        user=UserFactory(is_staff=True, is_superuser=True)
    )
    organisation.refresh_from_db()
    assert organisation.logo == draft.logo
    profile = client.get(organisation.get_absolute_url()).content.decode()
    assert 'alt="Law for Life: scales"' in profile


def test_a_file_that_is_not_an_image_is_refused_and_the_rest_is_kept(
    client, admin_membership, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_membership.user)
    response = submit(
        client,
        admin_membership,
        short_description="Helping people understand the law.",
        new_logo=SimpleUploadedFile("logo.png", b"not an image", content_type="image/png"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Upload a valid image. The file you uploaded was either not an image" in html
    assert "Helping people understand the law." in html
    assert not Organisation.objects.get(pk=admin_membership.organisation.pk).has_unpublished_changes


def test_staff_asking_for_changes_is_shown_on_the_dashboard_with_their_comment(
    client, admin_membership
):
    client.force_login(admin_membership.user)
    submit(client, admin_membership, short_description="Law stuff.")
    organisation = Organisation.objects.get(pk=admin_membership.organisation.pk)
    organisation.current_workflow_state.current_task_state.specific.reject(
        user=UserFactory(is_staff=True, is_superuser=True),
        comment="Please describe what you do in a full sentence.",
    )
    dashboard = client.get(reverse("members:dashboard")).content.decode()
    assert "asked for changes to your profile edit" in dashboard
    assert "Please describe what you do in a full sentence." in dashboard
    assert "awaiting approval" not in dashboard

    submit(client, admin_membership, short_description="We explain the law to the public.")
    dashboard = client.get(reverse("members:dashboard")).content.decode()
    assert "awaiting approval" in dashboard
    assert "asked for changes" not in dashboard
