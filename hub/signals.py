from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished
from wagtail.snippets.models import get_snippet_models

from hub import generation
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


# What visitors see changed: cached pages and parts of pages are retired (hub.generation).
page_published.connect(generation.content_changed)
page_unpublished.connect(generation.content_changed)
post_page_move.connect(generation.content_changed)
post_delete.connect(generation.content_changed, sender=Page)
# Snippets with drafts (member organisations) show publicly once published.
published.connect(generation.content_changed)
unpublished.connect(generation.content_changed)


def is_shown_on_pages(model):
    """Records pages show outside the page tree, known without naming an app: site settings,
    snippets, images, documents, sites and view restrictions (which hide pages from listings).
    Page saves are drafts until published."""
    return (
        issubclass(
            model,
            (
                BaseSiteSetting,
                BaseGenericSetting,
                Site,
                PageViewRestriction,
                get_image_model(),
                get_document_model(),
            ),
        )
        or model in get_snippet_models()
    )


@receiver(post_save)
@receiver(post_delete)
def record_may_be_shown(sender, **kwargs):
    if is_shown_on_pages(sender):
        generation.content_changed()
