from django.apps import apps
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from hub.blocks import BodyBlock


class HomePage(Page):
    """The site root: introduces the network and gathers what is new across the apps."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "pages/home_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Looked up by name: the bulletin app builds on hub, so hub must not import it.
        bulletin_post = apps.get_model("bulletin", "BulletinPost")
        posts = bulletin_post.objects.descendant_of(self).live().public().for_listing()
        context["bulletin_index"] = (
            apps.get_model("bulletin", "BulletinIndexPage").objects.child_of(self).live().first()
        )
        context["latest_posts"] = posts.newest_first()[:5]
        context["closing_soon_posts"] = posts.closing_soon().closing_soonest_first()[:5]
        # The jobs app builds on hub too, so its models are also looked up by name.
        jobs_index = (
            apps.get_model("jobs", "JobsIndexPage").objects.child_of(self).live().public().first()
        )
        context["jobs_index"] = jobs_index
        context["open_vacancies_count"] = (
            jobs_index.open_vacancies().count() if jobs_index is not None else 0
        )
        return context


class StandardPage(Page):
    """About, membership, contact and other pages of free-form content."""

    intro = models.TextField(blank=True, help_text="One or two sentences shown under the title.")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    template = "pages/standard_page.html"


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
