"""Pieces shared by the index pages that each app hangs under the home page."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class IndexPage(Page):
    """An app's landing page: an introduction above the listing that the app renders."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["hub.HomePage"]
    max_count = 1

    class Meta:
        abstract = True
