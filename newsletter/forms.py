from django import forms

from hub.forms import NoControlCharactersMixin, NoLabelColonMixin
from newsletter.models import Interest


class SignupForm(NoControlCharactersMixin, NoLabelColonMixin, forms.Form):
    """The sign-up form, in the footer, on the home page and on its own page. The consent
    box's label is the wording staff set in the newsletter settings."""

    email = forms.EmailField(label="Email address", max_length=254)
    first_name = forms.CharField(label="First name (optional)", max_length=100, required=False)
    interests = forms.MultipleChoiceField(
        label="What would you like to hear about?",
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=Interest.values,
        required=False,
    )
    consent = forms.BooleanField(
        error_messages={"required": "Tick the box to agree, or we cannot send the newsletter."}
    )

    def __init__(self, *args, consent_wording, prefix_id="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_wording
        self.auto_id = f"{prefix_id}%s" if prefix_id else "id_%s"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
