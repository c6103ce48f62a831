"""Citizen-side object access: session grants for tracked requests and the one 404 helper.

A tracking token is checked once; afterwards the session remembers the request's pk as a grant,
so the token never has to stay in the address bar, the history or a Referer header.
"""

from __future__ import annotations

from django.http import Http404

from requests_app.errors import ObjectNotFound
from requests_app.models import InformationRequest
from requests_app.selectors.citizen import citizen_request_get

GRANTS_SESSION_KEY = "tracking_grants"
RECEIPT_SESSION_KEY = "receipt_tokens"
# Enough for anyone tracking several requests from one browser; bounds the session size.
MAX_GRANTS = 50


def session_grants(session) -> list[int]:
    grants = session.get(GRANTS_SESSION_KEY, [])
    return [pk for pk in grants if isinstance(pk, int)] if isinstance(grants, list) else []


def grant_add(session, request: InformationRequest) -> None:
    grants = [pk for pk in session_grants(session) if pk != request.pk]
    session[GRANTS_SESSION_KEY] = [*grants, request.pk][-MAX_GRANTS:]


def receipt_token_keep(session, request: InformationRequest, token: str) -> None:
    """Hold the token only until the receipt page has shown it once (it is never stored)."""
    tokens = session.get(RECEIPT_SESSION_KEY, {})
    tokens = tokens if isinstance(tokens, dict) else {}
    session[RECEIPT_SESSION_KEY] = {**tokens, str(request.pk): token}


def receipt_token_pop(session, request: InformationRequest) -> str:
    tokens = session.get(RECEIPT_SESSION_KEY, {})
    if not isinstance(tokens, dict) or str(request.pk) not in tokens:
        return ""
    token = tokens.pop(str(request.pk))
    session[RECEIPT_SESSION_KEY] = tokens
    return token if isinstance(token, str) else ""


def citizen_request_or_404(http_request, registration_number: str, *, token: str | None = None):
    """The request this visitor may see (token, own account or session grant), else Http404."""
    try:
        return citizen_request_get(
            registration_number=registration_number,
            token=token,
            user=http_request.user,
            session_grants=session_grants(http_request.session),
        )
    except ObjectNotFound as error:
        raise Http404(error.message) from error
