"""Logos that members upload with a profile edit. Until staff approve the edit, the file lives
in `pending_logos/` under a random name: nothing links to it, no one can guess it, and the web
server does not serve that folder (README: production), so an unapproved logo has no public
address. Publishing the profile moves the file into Wagtail's image folder."""

import os
from uuid import uuid4

from django.core.files import File
from wagtail.images import get_image_model

PENDING_FOLDER = "pending_logos"


def store_pending(upload, title, uploaded_by):
    """Adds the upload to the image library, its file kept in the pending folder."""
    image_model = get_image_model()
    storage = image_model._meta.get_field("file").storage
    extension = os.path.splitext(upload.name)[1].lower()
    name = storage.save(f"{PENDING_FOLDER}/{uuid4().hex}{extension}", upload)
    return image_model.objects.create(title=title, file=name, uploaded_by_user=uploaded_by)


def is_pending(image):
    return image is not None and image.file.name.startswith(f"{PENDING_FOLDER}/")


def publish(image):
    """Moves an approved logo's file to Wagtail's image folder (keeping its random name)."""
    pending_name = image.file.name
    storage = image.file.storage
    with storage.open(pending_name) as content:
        image.file.save(os.path.basename(pending_name), File(content), save=False)
    image.save(update_fields=["file"])
    storage.delete(pending_name)


def publish_approved_logo(sender, instance, **kwargs):
    """Wagtail's `published` signal for organisations: staff approved the profile."""
    if is_pending(instance.logo):
        publish(instance.logo)
