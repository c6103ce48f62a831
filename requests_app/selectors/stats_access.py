"""Who may read which statistics: the supervisor dashboard, the command center and the stats API.

A body-wide membership (no unit, or the PPID Utama desk) reads its body; a provincial supervisor
also reads the province's kabupaten/kota (`PublicBody.parent`), like `permissions._scope`; an OPD
membership (the API only) reads its own OPD. A body or OPD outside the user's reach is
`ObjectNotFound` (404), never a hint that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from requests_app.errors import ObjectNotFound, ValidationFailed
from requests_app.models import (
    BodyKind,
    InformationRequest,
    PublicBody,
    Role,
    Unit,
    UnitKind,
)
from requests_app.permissions import is_body_wide, memberships_of, requests_visible_to
from requests_app.selectors.statistics import Scope

# Who sees the dashboard (issue 6): supervisors, the PPID Utama desk and the atasan PPID.
DASHBOARD_ROLES = frozenset({Role.SUPERVISOR, Role.UTAMA_OFFICER, Role.ATASAN})


@dataclass(frozen=True)
class StatsAccess:
    """The bodies a user reads whole (by name), the OPDs read alone, and the flags that decide
    the multi-body choices. `everything` is a superuser: "all" is the whole installation."""

    bodies: tuple[PublicBody, ...] = ()
    units: tuple[Unit, ...] = ()
    everything: bool = False
    provincial: bool = False
    _by_id: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def body_ids(self) -> tuple[int, ...]:
        return tuple(body.pk for body in self.bodies)

    @property
    def is_empty(self) -> bool:
        return not self.bodies and not self.units

    @property
    def can_pick_all(self) -> bool:
        return self.everything or len(self.bodies) > 1

    def body(self, pk: int) -> PublicBody:
        try:
            return self._by_id[int(pk)]
        except (KeyError, TypeError, ValueError):
            raise ObjectNotFound(_("Badan publik tidak ditemukan.")) from None

    def body_by_code(self, code: str) -> PublicBody:
        for body in self.bodies:
            if body.code == code:
                return body
        for unit in self.units:
            if unit.body.code == code:
                return unit.body
        raise ObjectNotFound(_("Badan publik tidak ditemukan."))

    def all_scope(self, *, channel: str | None = None) -> Scope:
        if self.everything:
            return Scope.installation(channel=channel)
        return Scope.for_bodies(self.bodies, channel=channel)


def stats_access_get(user, *, with_units: bool = False) -> StatsAccess:
    """The statistics `user` may read. The dashboard (`with_units=False`) needs a body-wide
    supervisor, PPID Utama or atasan membership; the API (`with_units=True`) takes any body-wide
    membership and reads a Pelaksana officer's own OPD. One query, two for a provincial
    supervisor (the kabupaten/kota)."""
    if not getattr(user, "is_authenticated", False):
        return StatsAccess()
    if user.is_superuser:
        return _access(list(PublicBody.objects.order_by("name")), [], everything=True)
    memberships = memberships_of(user)
    wide = [m for m in memberships if is_body_wide(m) and (with_units or m.role in DASHBOARD_ROLES)]
    provinces = {
        m.body_id for m in wide if m.role == Role.SUPERVISOR and m.body.kind == BodyKind.PROVINCE
    }
    bodies = {m.body_id: m.body for m in wide}
    if provinces:
        children = PublicBody.objects.filter(parent_id__in=provinces).order_by("name")
        bodies.update({child.pk: child for child in children})
    units = []
    if with_units:
        for m in memberships:
            if not is_body_wide(m) and m.body_id not in bodies:
                m.unit.body = m.body  # already loaded: `body_by_code` reads it without a query
                units.append(m.unit)
    return _access(list(bodies.values()), units, provincial=bool(provinces))


def _access(bodies, units, *, everything=False, provincial=False) -> StatsAccess:
    # Provinces first (the parent above its kabupaten/kota), then by name.
    bodies.sort(key=lambda b: (b.kind != BodyKind.PROVINCE, b.name))
    units = sorted({u.pk: u for u in units}.values(), key=lambda u: u.name)
    return StatsAccess(
        bodies=tuple(bodies),
        units=tuple(units),
        everything=everything,
        provincial=provincial or everything,
        _by_id={b.pk: b for b in bodies},
    )


def stats_scope_get(
    *,
    access: StatsAccess,
    body_id: int | None = None,
    unit_id: int | None = None,
    channel: str | None = None,
) -> Scope:
    """The `Scope` for the chosen body and OPD, checked against `access`.

    No body and no OPD: the only body, or every body the user reads ("all"), or the user's own
    OPD. A body outside `access` or an OPD the user may not read: ObjectNotFound. An OPD of
    another body than the one chosen: ValidationFailed on `unit`. An unknown channel:
    ValidationFailed on `channel` (from `Scope`)."""
    channel = channel or None
    if access.is_empty:
        raise ObjectNotFound(_("Statistik tidak ditemukan."))
    body, own_units = _chosen_body(access, body_id)
    if unit_id is not None:
        unit = _reachable_unit(access, unit_id)
        if body_id is not None and unit.body_id != int(body_id):
            message = _("OPD ini bukan bagian dari badan publik yang dipilih.")
            raise ValidationFailed(message, fields={"unit": [message]})
        return Scope.for_unit(unit, channel=channel)
    if body is not None:
        return Scope.for_body(body, channel=channel)
    if own_units:
        return Scope.for_unit(own_units[0], channel=channel)
    if access.bodies:
        if len(access.bodies) == 1 and not access.everything:
            return Scope.for_body(access.bodies[0], channel=channel)
        return access.all_scope(channel=channel)
    return Scope.for_unit(access.units[0], channel=channel)


def _chosen_body(access: StatsAccess, body_id: int | None) -> tuple[PublicBody | None, list]:
    """The body read whole, or the user's own OPDs of that body (an OPD officer naming their
    body still reads only their OPD)."""
    if body_id is None:
        return None, []
    if int(body_id) in access.body_ids:
        return access.body(body_id), []
    own_units = [unit for unit in access.units if unit.body_id == int(body_id)]
    if not own_units:
        raise ObjectNotFound(_("Badan publik tidak ditemukan."))
    return None, own_units


def _reachable_unit(access: StatsAccess, unit_id: int) -> Unit:
    for unit in access.units:
        if unit.pk == int(unit_id):
            return unit
    unit = (
        Unit.objects.filter(pk=unit_id, kind=UnitKind.PELAKSANA).select_related("body").first()
        if access.everything or access.bodies
        else None
    )
    if unit is None or not (access.everything or unit.body_id in access.body_ids):
        raise ObjectNotFound(_("OPD tidak ditemukan."))
    return unit


def overdue_list(*, user, body_ids, today: date) -> QuerySet[InformationRequest]:
    """Requests of `body_ids` that `user` may see and that are overdue on `today` (the queue's
    rule), the longest overdue first."""
    return (
        requests_visible_to(user)
        .filter(body_id__in=list(body_ids))
        .overdue(today)
        .select_related("body", "assigned_unit")
        .order_by("due_on", "effective_received_on", "pk")
    )
