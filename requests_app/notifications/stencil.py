"""Stencils: one message kind rendered once per language and shape with placeholder tokens, then
filled per message by string joins (issue 7: rendering three templates per reminder was most of a
scan over a million requests).

The caller describes each varying value as a `Slot`: how `{{ value }}` (with its filters) comes
out in the text templates and in the HTML one. Django escapes every template, `.txt` included, so
a plain value is escaped in both. A stencil is trusted only after it reproduced a full render of
the first message of its group exactly; otherwise (a template reads a value the caller did not
describe, or filters it differently) the whole group is rendered in full, as before.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from html import escape as html_escape
from typing import NamedTuple, TypeVar

from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape
from django.utils.text import Truncator

from requests_app.notifications.registry import (
    RenderedMessage,
    normalized_subject,
    render_message,
    render_raw,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

_TOKEN = re.compile("\ue000(\\w+)\ue001")


def token(name: str) -> str:
    # Private-use characters: escaping, truncation to 80 characters and line-break filters leave them alone.
    return f"\ue000{name}\ue001"


class Slot(NamedTuple):
    text: str
    html: str


# Slots are made for every message of a scan, tens of thousands of them: a plain string takes a
# shortcut to what Django's escaping and filters make of it, without their checks for lazy and
# already safe strings. The tests compare stencil fills with full renders.


def escaped(value, *, html: str | None = None) -> Slot:
    """A value printed with `{{ }}`: escaped in every template (`html` when the HTML template
    filters it differently, already escaped)."""
    text = html_escape(value) if type(value) is str else str(conditional_escape(value))
    return Slot(text, text if html is None else str(html))


def with_line_breaks(value: str) -> Slot:
    """A value printed with `{{ value }}` in the text templates, `{{ value|linebreaksbr }}` in
    the HTML one."""
    if type(value) is not str:
        return escaped(value, html=linebreaksbr(value, autoescape=True))
    text = html_escape(value)
    # As `linebreaksbr`: line endings made "\n" (escaping leaves them alone), then "<br>".
    return Slot(text, text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>"))


def truncated(value, length: int) -> str:
    """`value|truncatechars:length`. Truncator counts characters without the combining ones in
    the NFC form and returns that form when it does not cut: a form no longer than `length`
    code points is never cut."""
    text = unicodedata.normalize("NFC", str(value))
    return text if len(text) <= length else Truncator(value).chars(length)


class DateToken(date):
    """Stands for a date in a stencil: its day and year print as tokens, its month stays real
    (month names come from a list lookup), so the month is part of the stencil's shape."""

    def __new__(cls, name: str, month: int):
        instance = super().__new__(cls, 2000, month, 1)
        instance._name = name
        return instance

    @property
    def day(self):  # type: ignore[override]
        return token(f"{self._name}_day")

    @property
    def year(self):  # type: ignore[override]
        return token(f"{self._name}_year")


def date_slots(name: str, value: date) -> dict[str, Slot]:
    """The slots of a `DateToken(name, value.month)`."""
    return {f"{name}_day": escaped(str(value.day)), f"{name}_year": escaped(str(value.year))}


class _Stencil:
    def __init__(self, raw: tuple[str, str, str]) -> None:
        # Even positions are literal text, odd positions slot names.
        self.parts = [_TOKEN.split(part) for part in raw]

    def fill(self, slots: dict[str, Slot]) -> RenderedMessage:
        subject, text, html = (
            self._fill(parts, slots, html=index == 2) for index, parts in enumerate(self.parts)
        )
        return RenderedMessage(normalized_subject(subject), text, html)

    @staticmethod
    def _fill(parts: list[str], slots: dict[str, Slot], *, html: bool) -> str:
        out = list(parts)
        for index in range(1, len(out), 2):
            slot = slots[out[index]]
            out[index] = slot.html if html else slot.text
        return "".join(out)


_UNTRUSTED = object()


class StencilRenderer:
    """One per scan: a stencil per (kind, language, shape), built on first use."""

    def __init__(self) -> None:
        self._stencils: dict[tuple, object] = {}
        self._values: dict[tuple, object] = {}

    def value(self, key: tuple, compute: Callable[[], T]) -> T:
        """A value shared by many messages of the scan (a translated status label), computed once."""
        if key not in self._values:
            self._values[key] = compute()
        return self._values[key]

    def render(
        self,
        code: str,
        *,
        language: str | None,
        shape: tuple,
        context: dict,
        stencil_context: Callable[[], dict],
        slots: Callable[[], dict[str, Slot]],
    ) -> RenderedMessage:
        key = (code, language, shape)
        stencil = self._stencils.get(key)
        if stencil is None:
            full = render_message(code, context, language=language)
            candidate = _Stencil(render_raw(code, stencil_context(), language=language))
            try:
                trusted = candidate.fill(slots()) == full
            except KeyError:  # a token the caller did not describe
                trusted = False
            if not trusted:
                logger.warning("Stencil for %s %s does not match a full render", code, shape)
            self._stencils[key] = candidate if trusted else _UNTRUSTED
            return full
        if stencil is _UNTRUSTED:
            return render_message(code, context, language=language)
        return stencil.fill(slots())
