"""The directory's search and filters, read from the query string so every result is a link.

The choices come in from the page, so this module needs no models and the page can import it."""

from django import forms
from django.db.models import Q

from hub.forms import NoLabelColonMixin


class DirectoryFilterForm(NoLabelColonMixin, forms.Form):
    """The directory's search and filters: a GET form, so every result has its own URL."""

    q = forms.CharField(label="Search by name or description", required=False, max_length=100)
    borough = forms.ModelChoiceField(
        label="Borough",
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label="Any area",
        help_text="Includes organisations that work London-wide.",
    )
    area = forms.ModelChoiceField(
        label="Community or equality area",
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label="Any",
    )
    user_led = forms.BooleanField(label="Only user-led organisations", required=False)

    def __init__(self, *args, boroughs, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borough"].queryset = boroughs
        self.fields["area"].queryset = areas

    def description(self):
        """The valid search and filters in words, for the page's title and heading:
        "“forum”, Hackney, Deaf people, user-led"."""
        if not self.is_bound:
            return ""
        self.is_valid()
        data = self.cleaned_data
        words = [
            f"“{query}”" if (query := data.get("q", "").strip()) else "",
            data["borough"].name if data.get("borough") else "",
            data["area"].name if data.get("area") else "",
            "user-led" if data.get("user_led") else "",
        ]
        return ", ".join(word for word in words if word)

    def filter(self, organisations):
        """Apply the valid filters to a queryset; an invalid one (an unknown borough in an old
        link, say) is ignored, and the others still apply."""
        if not self.is_bound:
            return organisations
        self.is_valid()
        data = self.cleaned_data
        if query := data.get("q", "").strip():
            for word in query.split():
                organisations = organisations.filter(
                    Q(name__icontains=word)
                    | Q(short_description__icontains=word)
                    | Q(description__icontains=word)
                )
        if borough := data.get("borough"):
            # London-wide organisations work in every borough, but not across the UK.
            slugs = {borough.slug}
            if borough.slug != borough.NATIONAL:
                slugs.add(borough.LONDON_WIDE)
            # A subquery rather than a join, so an organisation serving both is listed once.
            organisations = organisations.filter(
                pk__in=organisations.model.boroughs.through.objects.filter(
                    borough__slug__in=slugs
                ).values("organisation_id")
            )
        if area := data.get("area"):
            organisations = organisations.filter(equality_areas=area)
        if data.get("user_led"):
            organisations = organisations.filter(user_led=True)
        return organisations
