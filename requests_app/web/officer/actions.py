"""The officer actions offered on the request page: one entry per action, with its form, the one
service it calls, and when it may be offered.

An action is offered when the user's roles permit it (`permissions.permitted_actions`), its state
rule allows the current state (`lifecycle.action_allowed_from`, the table the services enforce),
and the cheap guard on the row (`lifecycle.action_guard_allows`, shared with the officer API) says
the service would not refuse outright (one extension only, say).
The services remain the authority: a POST always goes to the service, which re-checks everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from requests_app.lifecycle import action_allowed_from, action_guard_allows
from requests_app.models import InformationRequest
from requests_app.permissions import Action
from requests_app.services import notices, workflow
from requests_app.web.officer import forms


@dataclass(frozen=True)
class ActionSpec:
    action: Action
    slug: str
    title: Promise
    button: Promise
    form_class: type[forms.ActionForm]
    service: Callable
    success: Promise
    help_text: Promise | str = ""

    def is_available(self, request: InformationRequest, permitted: set, today: date) -> bool:
        if self.action not in permitted:
            return False
        if not action_allowed_from(self.action, request.status):
            return False
        return action_guard_allows(self.action, request, today)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        Action.VERIFY,
        "verifikasi",
        _("Verifikasi permohonan"),
        _("Verifikasi dan proses"),
        forms.VerifyForm,
        workflow.request_verify,
        _("Permohonan diverifikasi dan mulai diproses."),
        help_text=_("Isian dan identitas pemohon sudah lengkap."),
    ),
    ActionSpec(
        Action.FLAG_INCOMPLETE,
        "tidak-lengkap",
        _("Minta kelengkapan"),
        _("Minta pemohon melengkapi"),
        forms.FlagIncompleteForm,
        workflow.request_flag_incomplete,
        _("Permintaan kelengkapan dikirim kepada pemohon."),
    ),
    ActionSpec(
        Action.COMPLETE,
        "lengkap",
        _("Kelengkapan diterima"),
        _("Tandai sudah lengkap"),
        forms.CompleteForm,
        workflow.request_complete,
        _("Kelengkapan dicatat; permohonan kembali terdaftar untuk diverifikasi."),
    ),
    ActionSpec(
        Action.CLOSE_INCOMPLETE,
        "tutup-tidak-lengkap",
        _("Tutup karena tidak dilengkapi"),
        _("Tutup permohonan"),
        forms.EmptyForm,
        workflow.request_close_incomplete,
        _("Permohonan ditutup karena tidak dilengkapi."),
    ),
    ActionSpec(
        Action.ROUTE,
        "disposisi",
        _("Disposisi ke OPD"),
        _("Disposisikan"),
        forms.RouteForm,
        workflow.request_route,
        _("Permohonan didisposisikan ke OPD. Batas waktu tidak berubah."),
    ),
    ActionSpec(
        Action.REROUTE,
        "alihkan",
        _("Alihkan ke OPD lain"),
        _("Alihkan"),
        forms.RerouteForm,
        workflow.request_reroute,
        _("Permohonan dialihkan ke OPD lain. Batas waktu tidak berubah."),
    ),
    ActionSpec(
        Action.RETURN,
        "kembalikan",
        _("Kembalikan ke PPID Utama"),
        _("Kembalikan"),
        forms.ReturnForm,
        workflow.request_return,
        _("Bahan dikembalikan ke PPID Utama."),
    ),
    ActionSpec(
        Action.EXTEND,
        "perpanjang",
        _("Perpanjang batas waktu"),
        _("Perpanjang 7 hari kerja"),
        forms.ExtendForm,
        workflow.request_extend,
        _("Batas waktu diperpanjang; surat perpanjangan dibuat untuk pemohon."),
    ),
    ActionSpec(
        Action.DRAFT_NOTICE,
        "pemberitahuan",
        _("Susun pemberitahuan tertulis"),
        _("Kirim untuk disetujui"),
        forms.NoticeForm,
        notices.notice_draft,
        _("Pemberitahuan tertulis disusun dan menunggu persetujuan."),
    ),
    ActionSpec(
        Action.REQUEST_REVISION,
        "minta-perbaikan",
        _("Minta perbaikan pemberitahuan"),
        _("Kembalikan untuk diperbaiki"),
        forms.RevisionForm,
        notices.notice_request_revision,
        _("Pemberitahuan dikembalikan untuk diperbaiki."),
    ),
    ActionSpec(
        Action.APPROVE,
        "setujui",
        _("Setujui dan kirim pemberitahuan"),
        _("Setujui dan kirim"),
        forms.EmptyForm,
        notices.notice_approve,
        _("Pemberitahuan tertulis disetujui dan dikirim kepada pemohon."),
    ),
    ActionSpec(
        Action.RECORD_PAYMENT,
        "pembayaran",
        _("Catat pembayaran"),
        _("Catat pembayaran"),
        forms.PaymentForm,
        workflow.request_record_payment,
        _("Pembayaran dicatat."),
    ),
    ActionSpec(
        Action.DELIVER,
        "serahkan",
        _("Serahkan informasi"),
        _("Catat penyerahan"),
        forms.DeliverForm,
        workflow.request_deliver,
        _("Penyerahan informasi dicatat."),
    ),
    ActionSpec(
        Action.CLOSE,
        "tutup",
        _("Tutup permohonan"),
        _("Tutup"),
        forms.CloseForm,
        workflow.request_close,
        _("Permohonan ditutup."),
    ),
    ActionSpec(
        Action.WITHDRAW,
        "cabut",
        _("Catat pencabutan oleh pemohon"),
        _("Catat pencabutan"),
        forms.WithdrawForm,
        workflow.request_withdraw,
        _("Pencabutan permohonan dicatat."),
    ),
    ActionSpec(
        Action.FORWARD,
        "teruskan",
        _("Teruskan ke badan publik lain"),
        _("Teruskan"),
        forms.ForwardForm,
        notices.request_forward,
        _(
            "Pemberitahuan “tidak dikuasai” disusun dan menunggu persetujuan; bila badan publik "
            "tujuan memakai layanan ini, permohonan baru sudah dibuat di sana."
        ),
        help_text=_("Untuk informasi yang tidak dikuasai badan publik ini (Pasal 22 ayat (7))."),
    ),
)

ACTIONS_BY_SLUG = {spec.slug: spec for spec in ACTIONS}


def available_actions(request: InformationRequest, permitted: set, today: date) -> list[ActionSpec]:
    return [spec for spec in ACTIONS if spec.is_available(request, permitted, today)]
