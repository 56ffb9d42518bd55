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
# How a page's title names the filtered posts: "Open funding calls tagged Data".
KIND_PLURALS = {
    Kind.NEWS: "news posts",
    Kind.CONSULTATION: "surveys and consultations",
    Kind.FUNDING: "funding calls",
    Kind.EVENT: "events and workshops",
    Kind.MEMBER_MESSAGE: "member messages",
}
STATUS_BEFORE = {deadlines.OPEN: "open", deadlines.CLOSED: "closed"}
STATUS_AFTER = {deadlines.CLOSING_SOON_STATUS: "closing in the next 14 days"}


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

    def choice_label(self, name):
        value = self.cleaned_data.get(name)
        return dict(self.fields[name].choices).get(value) if value else None

    def description(self):
        """The chosen kind, topic and status as the reader saw them: "Funding call, Data"."""
        self.is_valid()
        return ", ".join(
            label for name in ("kind", "tag", "status") if (label := self.choice_label(name))
        )

    def title_words(self):
        """The filtered posts in a phrase for the page's title: "Open funding calls tagged
        Data", "Posts tagged Funders", "Events and workshops closing in the next 14 days"."""
        self.is_valid()
        values = self.cleaned_data
        status = values.get("status")
        words = [
            STATUS_BEFORE.get(status, ""),
            KIND_PLURALS.get(values.get("kind"), "posts"),
            STATUS_AFTER.get(status, ""),
        ]
        if values.get("tag"):
            words.append(f"tagged {self.choice_label('tag')}")
        phrase = " ".join(word for word in words if word)
        return phrase[0].upper() + phrase[1:]

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
