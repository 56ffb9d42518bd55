"""A logo uploaded with a profile edit has no public address until staff approve the edit: its
file waits under a random name in a folder the web server does not serve, and moves into
Wagtail's image folder when the profile is published."""

import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from members.logos import PENDING_FOLDER
from members.models import Organisation
from tests.factories import UserFactory
from tests.members.test_profile_edits import admin_membership as admin_membership  # the fixture
from tests.members.test_profile_edits import png_upload, profile_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload_logo(client, membership, filename="law-for-life-logo.png"):
    client.force_login(membership.user)
    url = reverse("members:edit_profile", args=[membership.organisation.slug])
    response = client.post(url, profile_data(new_logo=png_upload(filename)))
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=membership.organisation.pk)
    return organisation, organisation.latest_revision.as_object().logo


def test_an_unapproved_logo_waits_under_a_random_name_in_the_unserved_folder(
    client, directory, admin_membership, media_root
):
    organisation, logo = upload_logo(client, admin_membership)
    folder, name = logo.file.name.split("/")
    assert folder == PENDING_FOLDER
    assert re.fullmatch(r"[0-9a-f]{32}\.png", name)  # nothing of the upload's own name
    assert (media_root / PENDING_FOLDER / name).exists()
    assert not (media_root / "original_images").exists()
    # A second upload of the same file gets a name of its own.
    _, second = upload_logo(client, admin_membership)
    assert second.file.name != logo.file.name
    # The public profile still shows no logo and names no file.
    profile = client.get(organisation.get_absolute_url()).content.decode()
    assert name.removesuffix(".png") not in profile


def test_approval_moves_the_logo_to_the_public_image_folder(
    client, directory, admin_membership, media_root
):
    organisation, logo = upload_logo(client, admin_membership)
    pending_name = logo.file.name
    organisation.current_workflow_state.current_task_state.specific.approve(
        user=UserFactory(is_staff=True, is_superuser=True)
    )
    organisation.refresh_from_db()
    assert organisation.logo == logo
    organisation.logo.refresh_from_db()
    published_name = organisation.logo.file.name
    assert published_name.startswith("original_images/")
    assert not default_storage.exists(pending_name)
    assert default_storage.exists(published_name)
    profile = client.get(organisation.get_absolute_url()).content.decode()
    assert "/media/images/" in profile


def test_staff_can_still_see_a_pending_logo_in_the_admin(
    client, directory, admin_membership, media_root
):
    _, logo = upload_logo(client, admin_membership)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("wagtailimages:edit", args=[logo.pk]))
    assert response.status_code == 200
