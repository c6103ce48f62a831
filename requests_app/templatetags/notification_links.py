"""Turn the officer-page URLs inside a stored message body into site-relative links."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html, format_html_join

from requests_app.selectors.notifications import OFFICER_PATH

register = template.Library()

# `{{ site_url }}{{ item.path }}` as the alert templates write it; the host is dropped so the
# link always points at this site, whatever SITE_URL was when the message was rendered.
_URL = re.compile(rf"(?:https?://[^\s/]+)?({OFFICER_PATH.pattern})")


@register.filter
def link_officer_paths(text: str | None):
    """The body escaped, with each officer page URL as a link to its path on this site."""
    text = text or ""
    parts: list = []
    last = 0
    for match in _URL.finditer(text):
        parts.append(text[last : match.start()])
        parts.append(format_html('<a href="{}">{}</a>', match.group(1), match.group(0)))
        last = match.end()
    parts.append(text[last:])
    return format_html_join("", "{}", ((part,) for part in parts))
