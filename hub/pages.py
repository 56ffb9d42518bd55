"""Pieces shared by the page types of every app: the index page each app hangs under the home
page, and the listing image and share card (Open Graph) that pages carry."""

from html import unescape

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageQuerySet, PageViewRestriction
from wagtail.search import index

# The module: hub.generation reads closing dates through hub.closing, which builds on this.
from hub import generation

SHARE_IMAGE_SPEC = "fill-1200x630"
#: Search engines show 150 to 300 characters; longer summaries are cut at a word.
DESCRIPTION_LENGTH = 300


class PublicPageQuerySet(PageQuerySet):
    """Pages whose `public()` reads the view restrictions from the content cache: Wagtail
    queries them each time a queryset calls it, several times a listing. Saving or deleting a
    restriction retires the copy (hub.signals)."""

    def private_q(self):
        paths = generation.remember(
            "pages:restricted-paths",
            lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
        )
        q = Q()
        for path in paths:  # a restricted page and everything below it, as Wagtail's
            q |= Q(path__startswith=path)
        return q if q else Q(pk__in=[])


def lazy_page(items, per_page, number):
    """The `number`th page of `items` (the last for a number past the end, the first for junk),
    counted and fetched only when a template uses it: a listing kept by `{% content_cache %}`
    runs neither query."""
    return SimpleLazyObject(lambda: Paginator(items, per_page).get_page(number))


def meta_description(page):
    """The page's meta description: the editors' search description, else its own summary
    (`share_summary_field`) or introduction, as plain text."""
    text = page.search_description
    if not text:
        summary = getattr(page, getattr(page, "share_summary_field", "intro"), "")
        text = unescape(strip_tags(str(summary or "")))
    text = " ".join(text.split())
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return text


class IndexPage(Page):
    """An app's landing page: an introduction above the listing that the app renders."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["hub.HomePage"]
    max_count = 1

    class Meta:
        abstract = True


class ShareCardFields(models.Model):
    """A picture for listings, and the card that social sites and messaging apps show when the
    page is shared. Mix into a Page subclass; the page names the field holding its one-line
    summary in `share_summary_field`."""

    share_summary_field = "summary"
    #: Renditions of the listing image that the page's listings use, made on publish.
    listing_image_specs = ()

    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in listings and when the page is shared.",
    )
    listing_image_alt = models.CharField(
        "image alt text",
        max_length=200,
        blank=True,
        help_text="Describe the image for people who cannot see it. Leave empty if it is "
        "decorative.",
    )

    share_panels = [
        MultiFieldPanel(
            [FieldPanel("listing_image"), FieldPanel("listing_image_alt")],
            heading="Listing image",
            classname="collapsed",
        )
    ]

    class Meta:
        abstract = True

    def make_image_renditions(self):
        """Made when the page is published, so no reader waits for them."""
        if self.listing_image is not None:
            self.listing_image.get_renditions(SHARE_IMAGE_SPEC, *self.listing_image_specs)

    def share_description(self):
        return self.search_description or getattr(self, self.share_summary_field)

    def share_image_url(self, request):
        """The listing image sized for social previews, as an absolute URL."""
        if self.listing_image is None:
            return ""
        return request.build_absolute_uri(self.listing_image.get_rendition(SHARE_IMAGE_SPEC).url)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_url"] = request.build_absolute_uri(self.get_url(request))
        context["share_image_url"] = self.share_image_url(request)
        return context
