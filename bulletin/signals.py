"""Image renditions made when a post is published, so no reader waits for them."""

from django.dispatch import receiver
from wagtail.signals import page_published

from bulletin.models import LISTING_IMAGE_SPEC, SHARE_IMAGE_SPEC, BulletinPost


@receiver(page_published, sender=BulletinPost)
def make_listing_image_renditions(sender, instance, **kwargs):
    if instance.listing_image is not None:
        instance.listing_image.get_renditions(LISTING_IMAGE_SPEC, SHARE_IMAGE_SPEC)
