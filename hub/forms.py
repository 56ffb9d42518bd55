"""Form helpers shared by every app's public forms."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.text import Truncator


class NoLabelColonMixin:
    """Labels without Django's trailing colon, which reads oddly beside checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class IgnoredValueList(ErrorList):
    """A listing filter's field errors, shown as nothing in the field group: the listing says
    what it ignored above its results (ListingFilterMixin.ignored), with the id the field's
    aria-describedby points to, where it shows even when the filters are folded."""

    def render(self, *args, **kwargs):
        return ""

    __str__ = __html__ = render


class ListingFilterMixin(NoLabelColonMixin):
    """For a listing's filter form read from the query string: a value that matches no choice is
    ignored and reported, never an error page, so old links and hand-edited URLs still work.
    `filter_nouns` names a field where its label would read badly in the message."""

    filter_nouns = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_class", IgnoredValueList)
        super().__init__(*args, **kwargs)

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


# Characters that only make sense to a terminal: C0 controls, DEL and C1 controls. A stored
# one can ring bells or rewrite lines in a log reader, break a CSV export or an email header.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What a multi-line box may hold of those: tab and line breaks.
TEXT_BLOCK_CONTROLS = frozenset("\t\n\r")


class ControlCharacterValidator:
    """Refuses text with a control character in it, naming it (invisible ones cannot be found
    otherwise). `multiline` allows tabs and line breaks."""

    def __init__(self, multiline=False):
        self.allowed = TEXT_BLOCK_CONTROLS if multiline else frozenset()

    def __call__(self, value):
        found = [c for c in CONTROL_CHARACTERS.findall(str(value)) if c not in self.allowed]
        if found:
            raise ValidationError(
                "This has an invisible control character in it (%(codes)s), perhaps from "
                "copying and pasting. Type the text again, or paste it as plain text.",
                code="control_characters",
                params={"codes": ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found))},
            )

    def __eq__(self, other):
        return isinstance(other, ControlCharacterValidator) and self.allowed == other.allowed


class NoControlCharactersMixin:
    """For a public form: every text field (but passwords, which are never shown) refuses
    control characters; multi-line boxes still take tabs and line breaks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(ControlCharacterValidator(multiline=multiline))
