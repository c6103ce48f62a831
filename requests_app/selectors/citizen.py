"""Reads for applicants (citizens): find their own request by number and token, account or session."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils.translation import gettext as _

from requests_app.errors import ObjectNotFound
from requests_app.events_public import PUBLIC_NOTE_CODES, event_label, is_public_event
from requests_app.identity import token_hash, token_matches
from requests_app.models import InformationRequest, PublicBody, RequestEvent

# Compared against when no request has the number, so a miss costs the same as a wrong token.
_NO_MATCH_HASH = token_hash("")


def citizen_request_get(
    *,
    registration_number: str,
    token: str | None = None,
    user=None,
    session_grants: Iterable[int] = (),
) -> InformationRequest:
    """The applicant's view of one request, or ObjectNotFound.

    Access is granted by the tracking token (compared in constant time), by the applicant's account
    (`request.applicant_id == user.pk`) or by `session_grants`, the pks this session has already
    verified. A wrong number and a wrong token raise the same error with the same message, so the
    answer never reveals whether a number exists. The result carries `body` and `assigned_unit`
    (select_related) and its `events` prefetched in timeline order.
    """
    # Numbers are unique per body, not per installation: a custom format could repeat across
    # bodies, so every candidate is checked and only an accessible one is returned.
    candidates = list(
        InformationRequest.objects.select_related("body", "assigned_unit").filter(
            registration_number=(registration_number or "").strip()
        )[:10]
    )
    grants = {int(pk) for pk in session_grants}
    user_pk = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    if not candidates and token:
        token_matches(token, _NO_MATCH_HASH)
    for request in candidates:
        if _can_see(request, token=token, user_pk=user_pk, grants=grants):
            prefetch_related_objects(
                [request],
                Prefetch("events", queryset=RequestEvent.objects.order_by("created_at", "id")),
            )
            return request
    raise ObjectNotFound(_("Permohonan tidak ditemukan atau token pelacakan salah."))


def _can_see(request: InformationRequest, *, token, user_pk, grants) -> bool:
    if token and token_matches(token, request.tracking_token_hash):
        return True
    if user_pk is not None and request.applicant_id == user_pk:
        return True
    return request.pk in grants


@dataclass(frozen=True)
class CitizenEvent:
    code: str
    label: str
    created_at: datetime
    from_status: str
    to_status: str
    note: str


def citizen_timeline_events(*, request: InformationRequest) -> list[CitizenEvent]:
    """The events the applicant may see, oldest first: officer-internal codes are left out and
    only notes meant for the applicant are kept (others may be remarks between officers).

    Reads `request.events.all()`, so a request from `citizen_request_get` costs no query.
    """
    return [
        CitizenEvent(
            code=event.code,
            label=event_label(event.code),
            created_at=event.created_at,
            from_status=event.from_status,
            to_status=event.to_status,
            note=event.note if event.code in PUBLIC_NOTE_CODES else "",
        )
        for event in request.events.all()
        if is_public_event(event.code)
    ]


def public_body_get_by_key(*, key: str) -> PublicBody | None:
    """The body a citizen chose, by its `code` or its `slug`; None when there is no such body."""
    key = (key or "").strip()
    if not key:
        return None
    # No ORDER BY: the code match is picked below, so the model's ordering would only cost a sort.
    matches = list(PublicBody.objects.filter(Q(code=key) | Q(slug=key)).order_by()[:2])
    # A code may look like another body's slug; the code wins.
    return next((body for body in matches if body.code == key), matches[0] if matches else None)


def citizen_request_list(*, user):
    """The requests filed from `user`'s account, newest first, with their body (one query)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return InformationRequest.objects.none()
    return (
        InformationRequest.objects.filter(applicant=user)
        .select_related("body")
        .order_by("-received_at", "-pk")
    )


def public_body_list():
    """The public bodies on this installation a citizen can send a request to."""
    return PublicBody.objects.order_by("name")


def citizen_letter_list(*, request: InformationRequest):
    """The letters the applicant may download (receipt, extension, notice...), oldest first; the
    download view checks access again."""
    return request.documents.filter(visible_to_applicant=True).order_by("created_at", "pk")
