from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from hub.navigation import clear_main_menu_cache
from hub.pages import ShareCardFields


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def menu_may_have_changed(**kwargs):
    clear_main_menu_cache()


@receiver(page_published)
def make_image_renditions(instance, **kwargs):
    if isinstance(instance, ShareCardFields):
        instance.make_image_renditions()
