"""Who may see which request, and who may do what to it: the one place web, API, admin and
exports ask. Visibility failures are 404 (one may not learn a request exists), permission
failures 403, state failures 409 (raised by the lifecycle)."""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q, QuerySet

from requests_app.errors import ActionForbidden, ObjectNotFound
from requests_app.models import (
    BodyKind,
    InformationRequest,
    Membership,
    Role,
    UnitKind,
)


class Action(StrEnum):
    VERIFY = "verify"
    FLAG_INCOMPLETE = "flag_incomplete"
    COMPLETE = "complete"
    CLOSE_INCOMPLETE = "close_incomplete"
    ROUTE = "route"
    REROUTE = "reroute"
    RETURN = "return"
    EXTEND = "extend"
    DRAFT_NOTICE = "draft_notice"
    REQUEST_REVISION = "request_revision"
    APPROVE = "approve"
    RECORD_PAYMENT = "record_payment"
    DELIVER = "deliver"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    FORWARD = "forward"
    VIEW_IDENTITY = "view_identity"


# The PPID Utama desk registers and routes; the OPD answers what is routed to it.
UTAMA_ONLY = frozenset(
    {
        Action.VERIFY,
        Action.FLAG_INCOMPLETE,
        Action.COMPLETE,
        Action.CLOSE_INCOMPLETE,
        Action.ROUTE,
        Action.REROUTE,
        Action.FORWARD,
        Action.WITHDRAW,
    }
)
HANDLING = frozenset(
    {
        Action.RETURN,
        Action.EXTEND,
        Action.DRAFT_NOTICE,
        Action.RECORD_PAYMENT,
        Action.DELIVER,
        Action.CLOSE,
        Action.VIEW_IDENTITY,
    }
)
SIGNING = frozenset({Action.APPROVE, Action.REQUEST_REVISION, Action.VIEW_IDENTITY})
OFFICER_ROLES = (Role.UTAMA_OFFICER, Role.PELAKSANA_OFFICER, Role.SIGNER)


def memberships_of(user) -> list[Membership]:
    """The user's memberships, loaded once per user object (a request-scoped cache)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_ppid_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("body", "unit"))
        user._ppid_memberships = cached
    return cached


def is_body_wide(membership: Membership) -> bool:
    """A membership reads its whole body (no OPD, or the PPID Utama desk); a PPID Pelaksana
    membership reads only its OPD. The one rule for requests, statistics and reports."""
    return membership.unit_id is None or membership.unit.kind == UnitKind.PPID_UTAMA


def _scope(membership: Membership) -> Q:
    if membership.role == Role.SUPERVISOR and membership.body.kind == BodyKind.PROVINCE:
        # The provincial command center reads its kabupaten/kota too.
        return Q(body_id=membership.body_id) | Q(body__parent_id=membership.body_id)
    if is_body_wide(membership):
        return Q(body_id=membership.body_id)
    return Q(body_id=membership.body_id, assigned_unit_id=membership.unit_id)


def requests_visible_to(user) -> QuerySet[InformationRequest]:
    """Every request `user` may read: by role scope for officers, own requests for citizens."""
    requests = InformationRequest.objects.all()
    if not getattr(user, "is_authenticated", False):
        return requests.none()
    if user.is_superuser:
        return requests
    condition = Q(applicant_id=user.pk)
    for membership in memberships_of(user):
        condition |= _scope(membership)
    return requests.filter(condition)


def is_officer(user) -> bool:
    return any(m.role in OFFICER_ROLES for m in memberships_of(user))


def _membership_actions(membership: Membership, request: InformationRequest) -> set[Action]:
    if membership.body_id != request.body_id:
        return set()
    body_wide = is_body_wide(membership)
    own_unit = membership.unit_id is not None and membership.unit_id == request.assigned_unit_id
    if membership.role == Role.UTAMA_OFFICER and body_wide:
        return set(UTAMA_ONLY | HANDLING)
    if membership.role == Role.PELAKSANA_OFFICER and own_unit:
        return set(HANDLING)
    if membership.role == Role.SIGNER:
        delegated = request.body.signing_delegated_to_pelaksana and own_unit
        if body_wide or delegated:
            return set(SIGNING)
    return set()


def permitted_actions(user, request: InformationRequest) -> set[Action]:
    """Actions the user's roles allow on this request (the state machine decides the rest)."""
    actions: set[Action] = set()
    for membership in memberships_of(user):
        actions |= _membership_actions(membership, request)
    return actions


def request_for_user(user, pk: int, *, queryset: QuerySet | None = None) -> InformationRequest:
    """The request if `user` may see it, else ObjectNotFound (404, never 403)."""
    base = queryset if queryset is not None else requests_visible_to(user)
    request = base.filter(pk=pk).select_related("body", "assigned_unit").first()
    if request is None:
        raise ObjectNotFound("Permohonan tidak ditemukan.")
    return request


def authorize(user, action: Action, request: InformationRequest) -> None:
    """Raise ObjectNotFound when the user may not see the request, ActionForbidden when the user
    may see it but not do `action`."""
    if not requests_visible_to(user).filter(pk=request.pk).exists():
        raise ObjectNotFound("Permohonan tidak ditemukan.")
    if action not in permitted_actions(user, request):
        raise ActionForbidden("Anda tidak berwenang melakukan tindakan ini pada permohonan ini.")


class ObjectionAction(StrEnum):
    REVIEW = "review"
    SETTLEMENT = "settlement"
    DECIDE = "decide"
    RECORD_RESPONSE = "record_response"
    RECORD_DISPUTE = "record_dispute"
    FILE_ON_PAPER = "file_on_paper"
    WITHDRAW = "withdraw"


ATASAN_ACTIONS = frozenset(
    {ObjectionAction.REVIEW, ObjectionAction.SETTLEMENT, ObjectionAction.DECIDE}
)
DESK_OBJECTION_ACTIONS = frozenset(
    {
        ObjectionAction.RECORD_RESPONSE,
        ObjectionAction.RECORD_DISPUTE,
        ObjectionAction.FILE_ON_PAPER,
        ObjectionAction.WITHDRAW,
    }
)


def _objection_scope(membership: Membership) -> Q:
    if membership.role == Role.SUPERVISOR and membership.body.kind == BodyKind.PROVINCE:
        return Q(body_id=membership.body_id) | Q(body__parent_id=membership.body_id)
    if is_body_wide(membership):
        return Q(body_id=membership.body_id)
    return Q(body_id=membership.body_id, handling_unit_id=membership.unit_id)


def objections_visible_to(user):
    """Objections `user` may read: the atasan and officers by scope, applicants their own."""
    from requests_app.models import Objection

    objections = Objection.objects.all()
    if not getattr(user, "is_authenticated", False):
        return objections.none()
    if user.is_superuser:
        return objections
    condition = Q(request__applicant_id=user.pk)
    for membership in memberships_of(user):
        condition |= _objection_scope(membership)
    return objections.filter(condition)


def permitted_objection_actions(user, objection) -> set[ObjectionAction]:
    """The atasan PPID configured for the OPD that answered (or body-wide) decides (F6); the PPID
    Utama desk records paper filings, the applicant's response and the dispute."""
    actions: set[ObjectionAction] = set()
    for membership in memberships_of(user):
        if membership.body_id != objection.body_id:
            continue
        if membership.role == Role.ATASAN and (
            membership.unit_id is None or membership.unit_id == objection.handling_unit_id
        ):
            actions |= ATASAN_ACTIONS
        if membership.role == Role.UTAMA_OFFICER and is_body_wide(membership):
            actions |= DESK_OBJECTION_ACTIONS
    return actions


def authorize_objection(user, action: ObjectionAction, objection) -> None:
    if not objections_visible_to(user).filter(pk=objection.pk).exists():
        raise ObjectNotFound("Keberatan tidak ditemukan.")
    if action not in permitted_objection_actions(user, objection):
        raise ActionForbidden("Anda tidak berwenang melakukan tindakan ini pada keberatan ini.")
