import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The escapes Django's json_script uses: editors' text cannot close the <script> element.
SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A schema.org block: JSON escaped as json_script does, with the type search engines read."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)
    safe_payload = mark_safe(payload)  # noqa: S308  (<, > and & escaped above, as json_script does)
    return format_html('<script type="application/ld+json">{}</script>', safe_payload)
