"""Reading the bulletin's filters from the query string, so filtered views are plain links."""

from django import forms

from bulletin.choices import Kind
from hub import deadlines
from hub.forms import ListingFilterMixin

STATUS_CHOICES = [
    ("", "Any status"),
    (deadlines.OPEN, "Open"),
    (deadlines.CLOSING_SOON_STATUS, "Closing in the next 14 days"),
    (deadlines.CLOSED, "Closed"),
]
NEWEST = "newest"
CLOSING = "closing"
SORT_CHOICES = [(NEWEST, "Newest first"), (CLOSING, "Closing soonest (open items only)")]


class BulletinFilterForm(ListingFilterMixin, forms.Form):
    """Kind, topic, status and order. A value that matches no choice is ignored and reported,
    never an error page: old links and hand-edited URLs still show the bulletin."""

    kind = forms.ChoiceField(
        label="Kind of post", required=False, choices=[("", "All kinds"), *Kind.choices]
    )
    tag = forms.ChoiceField(label="Topic", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)
    sort = forms.ChoiceField(label="Order", required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, tags, kind=None, tag=None):
        # A kind or tag in the URL path (/kind/event/, /tag/data/) wins over the query string.
        data = data.copy()
        if kind is not None:
            data["kind"] = kind
        if tag is not None:
            data["tag"] = tag.slug
        super().__init__(data, auto_id="filter-%s")
        self.fields["tag"].choices = [("", "All topics"), *((t.slug, t.name) for t in tags)]

    @property
    def is_filtered(self):
        self.is_valid()
        return any(self.cleaned_data.get(name) for name in ("kind", "tag", "status"))

    def apply(self, posts):
        """The posts these filters select, in the chosen order."""
        self.is_valid()
        values = self.cleaned_data
        if values.get("kind"):
            posts = posts.filter(kind=values["kind"])
        if values.get("tag"):
            posts = posts.filter(tagged_items__tag__slug=values["tag"])
        status = values.get("status")
        if values.get("sort") == CLOSING:
            posts = posts.with_status(status or deadlines.OPEN).closing_soonest_first()
        else:
            if status:
                posts = posts.with_status(status)
            posts = posts.newest_first()
        return posts
