"""Logging filters. Query strings can carry tracking tokens (`?token=`): none is ever written."""

from __future__ import annotations

import logging
import re

# A path followed by a query string, inside a request line or a message.
_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


def strip_query_strings(text: str) -> str:
    return _QUERY.sub(r"\1?[…]", text)


class StripQueryStrings(logging.Filter):
    """Rewrites each record's message without query strings (runserver's request lines, warnings
    that quote a URL). Attached to the handlers, so every logger's records pass through it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = strip_query_strings(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
