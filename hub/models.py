from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from hub import sections
from hub.blocks import BodyBlock
from hub.pages import ShareCardFields


class HomePage(Page):
    """The site root: introduces the network and gathers what is new across the apps."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "pages/hub/home_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = sections.gather(sections.HOME_PAGE_SECTIONS, self, request)
        return context


class StandardPage(ShareCardFields, Page):
    """About, membership, contact and other pages of free-form content."""

    share_summary_field = "intro"

    intro = models.TextField(blank=True, help_text="One or two sentences shown under the title.")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        *ShareCardFields.share_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    template = "pages/hub/standard_page.html"


class SocialLinkValue(blocks.StructValue):
    def display_label(self):
        if self.get("label"):
            return self["label"]
        return dict(SocialLinkBlock.SERVICES).get(self["service"], self["service"])


class SocialLinkBlock(blocks.StructBlock):
    SERVICES = [
        ("bluesky", "Bluesky"),
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("linkedin", "LinkedIn"),
        ("mastodon", "Mastodon"),
        ("x", "X (Twitter)"),
        ("youtube", "YouTube"),
        ("other", "Other"),
    ]

    service = blocks.ChoiceBlock(choices=SERVICES)
    url = blocks.URLBlock()
    label = blocks.CharBlock(required=False, help_text="Only needed for “Other”.")

    class Meta:
        icon = "link-external"
        value_class = SocialLinkValue


@register_setting(icon="cog")
class NetworkSettings(BaseSiteSetting):
    """Site-wide facts about the network, edited under Settings in the admin."""

    network_name = models.CharField(max_length=120, default="Network Hub")
    tagline = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="The network's shared address, never a person's."
    )
    footer_text = RichTextField(features=["bold", "italic", "link"], blank=True)
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("network_name"), FieldPanel("tagline"), FieldPanel("contact_email")],
            heading="The network",
        ),
        FieldPanel("footer_text"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = "network settings"
