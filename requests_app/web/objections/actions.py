"""The officer actions on the objection page: one entry per action, its form, the one service it
calls. Which ones are offered is `selectors.objections.objection_allowed_actions` (roles x state);
a POST always goes to the service, which re-checks everything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from requests_app.errors import InvalidTransition
from requests_app.selectors.objections import objection_dispute
from requests_app.services import objections as services
from requests_app.web.objections import forms


@dataclass(frozen=True)
class ObjectionActionSpec:
    name: str  # the API's name, as in `objection_allowed_actions`
    slug: str
    title: Promise
    button: Promise
    form_class: type[forms.ActionForm]
    perform: Callable
    success: Promise
    help_text: Promise | str = ""


def dispute_update(*, objection, actor, data):
    """`services.dispute_update` for the objection's dispute; 409 when there is none yet."""
    dispute = objection_dispute(objection)
    if dispute is None:
        raise InvalidTransition(_gettext("Keberatan ini belum memiliki sengketa."))
    return services.dispute_update(dispute=dispute, actor=actor, data=data)


ACTIONS: tuple[ObjectionActionSpec, ...] = (
    ObjectionActionSpec(
        "review",
        "periksa",
        _("Mulai pemeriksaan"),
        _("Mulai periksa"),
        forms.EmptyForm,
        services.objection_review,
        _("Keberatan mulai diperiksa atasan PPID."),
    ),
    ObjectionActionSpec(
        "settlement_start",
        "musyawarah-mulai",
        _("Mulai musyawarah"),
        _("Mulai musyawarah"),
        forms.EmptyForm,
        services.objection_start_settlement,
        _("Musyawarah dimulai."),
        help_text=_("Hanya untuk alasan huruf b-g (Pasal 35 ayat (2)); tidak untuk huruf a."),
    ),
    ObjectionActionSpec(
        "settlement_end",
        "musyawarah-selesai",
        _("Catat hasil musyawarah"),
        _("Simpan hasil"),
        forms.SettlementEndForm,
        services.objection_end_settlement,
        _("Hasil musyawarah dicatat."),
    ),
    ObjectionActionSpec(
        "decide",
        "putuskan",
        _("Tanggapan tertulis atasan PPID"),
        _("Simpan tanggapan"),
        forms.DecideForm,
        services.objection_decide,
        _("Tanggapan atasan PPID dicatat; surat tanggapan dibuat."),
        help_text=_("Paling lambat 30 hari kerja sejak keberatan diterima (Pasal 36 ayat (2))."),
    ),
    ObjectionActionSpec(
        "response",
        "tanggapan-pemohon",
        _("Catat tanggapan pemohon"),
        _("Catat tanggapan"),
        forms.ResponseForm,
        services.objection_record_response,
        _("Tanggapan pemohon dicatat."),
    ),
    ObjectionActionSpec(
        "withdraw",
        "cabut",
        _("Catat pencabutan keberatan"),
        _("Catat pencabutan"),
        forms.WithdrawForm,
        services.objection_withdraw,
        _("Pencabutan keberatan dicatat."),
    ),
    ObjectionActionSpec(
        "dispute",
        "sengketa",
        _("Catat sengketa di Komisi Informasi"),
        _("Catat sengketa"),
        forms.DisputeForm,
        services.dispute_record,
        _("Sengketa informasi dicatat."),
    ),
    ObjectionActionSpec(
        "dispute_update",
        "sengketa-perbarui",
        _("Perbarui sengketa"),
        _("Simpan perubahan"),
        forms.DisputeUpdateForm,
        dispute_update,
        _("Data sengketa diperbarui."),
    ),
)

ACTIONS_BY_SLUG = {spec.slug: spec for spec in ACTIONS}
ACTIONS_BY_NAME = {spec.name: spec for spec in ACTIONS}
