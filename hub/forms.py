"""Form helpers shared by every app's public forms."""


class NoLabelColonMixin:
    """Labels without Django's trailing colon, which reads oddly beside checkboxes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
