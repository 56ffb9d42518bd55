"""Upload and body limits: an image too large in pixels is refused from its header, before
anything decodes it, and nothing of it is stored; request bodies are bounded in settings."""

import io
import time

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from hub.uploads import image_dimensions, validate_image_pixels
from members.models import Membership, Organisation
from tests.members.factories import MembershipFactory, OrganisationFactory, moderation_workflow


def huge_png(width=11_000, height=11_000):
    """A real PNG of width x height pixels, small on disk (1 bit a pixel, all one colour) but
    hundreds of megabytes once decoded."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png")


def test_the_dimensions_come_from_the_header_without_decoding():
    upload = huge_png()
    assert upload.size < 500_000
    started = time.perf_counter()
    assert image_dimensions(upload) == (11_000, 11_000)
    assert time.perf_counter() - started < 0.5
    assert upload.tell() == 0


def test_an_image_over_the_pixel_limit_is_refused_with_its_size_in_words():
    with pytest.raises(ValidationError) as refused:
        validate_image_pixels(huge_png())
    assert refused.value.messages == [
        "“huge.png” is 11,000 × 11,000 pixels: an image can have at most 25 million pixels. "
        "Save a smaller copy and choose it again."
    ]
    # Past Pillow's own bomb limit too, which it raises from the header.
    with pytest.raises(ValidationError, match="far too many pixels"):
        validate_image_pixels(huge_png(20_000, 20_000))
    validate_image_pixels(huge_png(6_000, 4_000))  # a large photo is fine


def test_limits_are_set_deliberately():
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 25_000_000
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 5_000


@pytest.mark.django_db
def test_a_huge_logo_is_refused_fast_and_stored_nowhere(client, home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organisation = OrganisationFactory(name="Law for Life", short_description="Legal help.")
    organisation.save_revision().publish()
    moderation_workflow()
    membership = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN)
    client.force_login(membership.user)
    images_before = get_image_model().objects.count()

    started = time.perf_counter()
    response = client.post(
        reverse("members:edit_profile", args=[organisation.slug]),
        {
            "name": "Law for Life",
            "short_description": "Helping people understand the law.",
            "contact_email": "info@example.org",
            "new_logo": huge_png(),
            "logo_alt_text": "Scales",
        },
    )
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert "is 11,000 × 11,000 pixels" in response.content.decode()
    assert elapsed < 3, f"the refusal took {elapsed:.1f}s"
    assert get_image_model().objects.count() == images_before
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
    assert not Organisation.objects.get(pk=organisation.pk).has_unpublished_changes


def test_a_body_over_the_limit_is_refused_with_400(client):
    response = client.post(
        "/contact/", {"message": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )
    assert response.status_code == 400
