"""Form helpers shared by every app's public forms."""

from django.utils.text import Truncator


class NoLabelColonMixin:
    """Labels without Django's trailing colon, which reads oddly beside checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ListingFilterMixin:
    """For a listing's filter form read from the query string: a value that matches no choice is
    ignored and reported, never an error page, so old links and hand-edited URLs still work.
    `filter_nouns` names a field where its label would read badly in the message."""

    filter_nouns = {}

    @property
    def ignored(self):
        """What the reader asked for that we could not apply, in words, each with the id that
        the field's aria-describedby points to. Long values are cut so they cannot push the
        page wider than a phone."""
        self.is_valid()
        return [
            (
                f"{self[name].auto_id}_error",
                f"There is no {self.filter_nouns.get(name, self.fields[name].label.lower())} "
                f"called “{Truncator(self.data.get(name)).chars(40)}”, so we have ignored it.",
            )
            for name in self.errors
        ]
