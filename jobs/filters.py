"""Reading the jobs board's filters from the query string, so every filtered board is a link.

The boroughs and organisations to choose from come in from the page: one query each, however
many vacancies there are."""

from django import forms
from django.db.models import Q

from hub.forms import ListingFilterMixin
from jobs.choices import (
    HOURS_BANDS,
    SALARY_BANDS,
    UNPAID_BAND,
    ContractType,
    Location,
    WorkingPattern,
)

CLOSING = "closing"
NEWEST = "newest"
SORT_CHOICES = [(CLOSING, "Closing soonest first"), (NEWEST, "Newest first")]
SORT_WORDS = {CLOSING: "closing soonest first", NEWEST: "newest first"}

#: The query string keys that narrow the board (the order and page number do not).
FILTERS = ("location", "contract", "hours", "salary", "pattern", "organisation")
HOURS = {slug: (above, up_to) for slug, _label, above, up_to in HOURS_BANDS}
SALARIES = {slug: (start, below) for slug, _label, start, below in SALARY_BANDS}


def location_q(value):
    """A borough's slug, or one of the other kinds of location. Remote also finds jobs in a
    named place that are done entirely from home."""
    if value == Location.REMOTE:
        return Q(location=Location.REMOTE) | Q(working_pattern=WorkingPattern.REMOTE)
    if value in (Location.LONDON_WIDE, Location.OUTSIDE_LONDON):
        return Q(location=value)
    return Q(location=Location.BOROUGH, borough__slug=value)


def hours_q(value):
    above, up_to = HOURS[value]
    q = Q()
    if above is not None:
        q &= Q(hours_per_week__gt=above)
    if up_to is not None:
        q &= Q(hours_per_week__lte=up_to)
    return q


def salary_q(value):
    """Vacancies whose yearly pay range overlaps the band: £32,000 to £38,000 is found under
    both £25,000 to £35,000 and £35,000 to £45,000. Unpaid roles have no yearly pay."""
    if value == UNPAID_BAND:
        return Q(unpaid=True)
    start, below = SALARIES[value]
    q = Q(salary_yearly_max__isnull=False)
    if start is not None:
        q &= Q(salary_yearly_max__gte=start)
    if below is not None:
        q &= Q(salary_yearly_min__lt=below)
    return q


class VacancyFilterForm(ListingFilterMixin, forms.Form):
    """Where, contract, hours, pay, pattern, employer and order. A value that matches no choice
    is ignored and reported, never an error page: old links and hand-edited URLs still show
    the board."""

    # How the "we have ignored it" message names each field.
    filter_nouns = {
        "location": "location",
        "contract": "contract type",
        "hours": "hours band",
        "salary": "salary band",
        "pattern": "working pattern",
        "organisation": "organisation on the board",
        "sort": "order",
    }

    location = forms.ChoiceField(label="Location", required=False)
    contract = forms.ChoiceField(
        label="Contract",
        required=False,
        choices=[("", "Any contract"), *ContractType.choices],
    )
    hours = forms.ChoiceField(
        label="Hours a week",
        required=False,
        choices=[("", "Any hours"), *((slug, label) for slug, label, *_ in HOURS_BANDS)],
    )
    salary = forms.ChoiceField(
        label="Salary",
        required=False,
        help_text="A year, at the hours advertised.",
        choices=[
            ("", "Any salary"),
            *((slug, label) for slug, label, *_ in SALARY_BANDS),
            (UNPAID_BAND, "Unpaid (volunteer expenses only)"),
        ],
    )
    pattern = forms.ChoiceField(
        label="Working pattern",
        required=False,
        choices=[("", "Any pattern"), *WorkingPattern.choices],
    )
    organisation = forms.ChoiceField(label="Organisation", required=False)
    sort = forms.ChoiceField(label="Order", required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, boroughs, organisations):
        super().__init__(data, auto_id="filter-%s")
        self.fields["location"].choices = [
            ("", "Anywhere"),
            (Location.LONDON_WIDE.value, Location.LONDON_WIDE.label),
            (Location.REMOTE.value, "Remote (working from home)"),
            (Location.OUTSIDE_LONDON.value, Location.OUTSIDE_LONDON.label),
            ("In a London borough", [(b.slug, b.name) for b in boroughs]),
        ]
        self.fields["organisation"].choices = [
            ("", "Any organisation"),
            *((o.slug, o.name) for o in organisations),
        ]

    @property
    def values(self):
        """What the reader chose that we can apply: {field: value}."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    @property
    def is_filtered(self):
        return any(name in self.values for name in FILTERS)

    @property
    def order(self):
        return self.values.get("sort", CLOSING)

    @property
    def order_words(self):
        return SORT_WORDS[self.order]

    def filter_query(self):
        """The valid filters alone, for links that keep them (the feed)."""
        return {name: value for name, value in self.values.items() if name in FILTERS}

    def description(self):
        """The chosen filters as the reader saw them: "Southwark, Permanent"."""
        values = self.values
        return ", ".join(
            self.choice_label(name, values[name]) for name in FILTERS if name in values
        )

    def choice_label(self, name, value):
        for key, label in self.fields[name].choices:
            # A group of choices (the boroughs) is a label and its own list of choices.
            options = label if isinstance(label, list | tuple) else [(key, label)]
            for option, option_label in options:
                if option == value:
                    return option_label
        return value

    def apply(self, vacancies):
        """The vacancies these filters select, in the chosen order."""
        values = self.values
        if "location" in values:
            vacancies = vacancies.filter(location_q(values["location"]))
        if "contract" in values:
            vacancies = vacancies.filter(contract_type=values["contract"])
        if "hours" in values:
            vacancies = vacancies.filter(hours_q(values["hours"]))
        if "salary" in values:
            vacancies = vacancies.filter(salary_q(values["salary"]))
        if "pattern" in values:
            vacancies = vacancies.filter(working_pattern=values["pattern"])
        if "organisation" in values:
            vacancies = vacancies.filter(organisation__slug=values["organisation"])
        if self.order == NEWEST:
            return vacancies.newest_first()
        return vacancies.closing_soonest_first()
