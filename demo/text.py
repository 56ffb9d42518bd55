"""Helpers shared by the demo builders: rich-text paragraphs and dates relative to today."""

from datetime import timedelta

from django.utils import timezone


def paragraphs(*texts):
    """Stream-field paragraph blocks, one a text."""
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def rich_text(*texts):
    """Rich-text HTML, one paragraph a text."""
    return "".join(f"<p>{text}</p>" for text in texts)


def at(days, hour, minute=0):
    """London time `days` from today at hour:minute."""
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)
