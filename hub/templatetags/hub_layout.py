"""How forms and long text are laid out on the public pages."""

import re

from django import forms, template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

OPTIONAL = "(optional)"
# After an @ or before a dot: where an email address or web address can break onto a new line.
BREAK_POINTS = re.compile(r"(?<=@)|(?=\.)")


@register.filter
def says_optional(field):
    """Whether a field's label should end "(optional)": it may be left blank, it is not a lone
    checkbox (ticking it is the choice), and its form does not word its own optional labels. A
    form that does (the vacancy form) has fields needed only with another answer, such as the
    borough of a job in a borough, which must not be called optional."""
    if field.field.required or isinstance(field.field.widget, forms.CheckboxInput):
        return False
    return not any(OPTIONAL in str(other.label) for other in field.form.fields.values())


@register.filter
def address_breaks(address):
    """An email or web address, escaped, that may break onto a new line after its @ or before
    a dot rather than mid-word: long addresses in narrow table cells on a phone."""
    parts = [part for part in BREAK_POINTS.split(str(address)) if part]
    return format_html_join(mark_safe("<wbr>"), "{}", ((part,) for part in parts))
