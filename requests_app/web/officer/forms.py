"""Officer forms: one small form per workflow action, the written notice, and offline intake.

The forms check the shape of the input only. The rules that depend on the request (a reason is
required, the unit must belong to the same body, the notice fields an outcome needs) live in the
services, whose `ValidationFailed.fields` are put back on the form by `add_service_errors`; that is
why fields the service checks are not `required` here (the browser is still asked to insist).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.errors import DomainError
from requests_app.models import (
    EXEMPTION_SUBITEMS,
    Channel,
    ConsequenceTest,
    CopyFormat,
    DipItem,
    ExemptionLetter,
    InformationRequest,
    Outcome,
    PublicBody,
    Unit,
    UnitKind,
)
from requests_app.services.notices import NoticeInput
from requests_app.web.forms import RequestForm

CHOOSE = _("— Pilih —")
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _text(label, *, max_length=5000, rows=None, help_text="", browser_required=False):
    attrs = {"required": True} if browser_required else {}
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs)
    return forms.CharField(
        label=label, max_length=max_length, required=False, help_text=help_text, widget=widget
    )


def _count(label, help_text=""):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100_000_000,
        help_text=help_text,
        error_messages={"min_value": _("Tidak boleh negatif."), "invalid": _("Isi dengan angka.")},
    )


class ActionForm(forms.Form):
    """Base of every action form: it knows the request and hands the service its keywords."""

    def __init__(self, *args, info_request: InformationRequest, **kwargs):
        self.info_request = info_request
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)

    def add_service_errors(self, error: DomainError) -> None:
        """Show a service's `ValidationFailed` on the fields it names (else above the form)."""
        for name, messages in error.fields.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not error.fields:
            self.add_error(None, error.message)


class NoteForm(ActionForm):
    note = _text(_("Catatan (tidak wajib)"), rows=2)


class VerifyForm(NoteForm):
    pass


class CompleteForm(NoteForm):
    pass


class CloseForm(NoteForm):
    pass


class EmptyForm(ActionForm):
    """Actions that need no input beyond the button (approve, close when incomplete)."""


class FlagIncompleteForm(ActionForm):
    missing = _text(
        _("Kekurangan yang harus dilengkapi pemohon"),
        rows=3,
        browser_required=True,
        help_text=_("Dikirim kepada pemohon. Sebutkan dokumen atau isian yang kurang."),
    )


class ReturnForm(ActionForm):
    note = _text(
        _("Bahan atau jawaban yang dikembalikan ke PPID Utama"), rows=3, browser_required=True
    )


class ExtendForm(ActionForm):
    reason = _text(
        _("Alasan perpanjangan"),
        rows=3,
        browser_required=True,
        help_text=_(
            "Dikirim tertulis kepada pemohon. Perpanjangan hanya sekali, paling lama 7 hari kerja "
            "(UU 14/2008 Pasal 22 ayat (8))."
        ),
    )


class RevisionForm(ActionForm):
    note = _text(_("Yang perlu diperbaiki"), rows=3, browser_required=True)


class PaymentForm(ActionForm):
    reference = _text(_("Bukti atau nomor pembayaran"), max_length=200, browser_required=True)


class WithdrawForm(ActionForm):
    reason = _text(
        _("Alasan pencabutan"),
        rows=2,
        browser_required=True,
        help_text=_("Catat pencabutan tertulis dari pemohon; arsipkan suratnya."),
    )


def _units_of(info_request: InformationRequest):
    return Unit.objects.filter(
        body_id=info_request.body_id, kind=UnitKind.PELAKSANA, is_active=True
    ).order_by("name")


class RouteForm(ActionForm):
    unit = forms.ModelChoiceField(
        label=_("OPD/PPID Pelaksana tujuan"),
        queryset=Unit.objects.none(),
        empty_label=CHOOSE,
        error_messages={"required": _("Pilih OPD tujuan.")},
    )
    note = _text(_("Catatan disposisi (tidak wajib)"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units_of(self.info_request)


class RerouteForm(ActionForm):
    unit = forms.ModelChoiceField(
        label=_("OPD/PPID Pelaksana baru"),
        queryset=Unit.objects.none(),
        empty_label=CHOOSE,
        error_messages={"required": _("Pilih OPD tujuan.")},
    )
    reason = _text(_("Alasan pengalihan"), rows=2, browser_required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = _units_of(self.info_request)
        if not self.is_bound:
            units = units.exclude(pk=self.info_request.assigned_unit_id)
        self.fields["unit"].queryset = units


class DeliverForm(ActionForm):
    handover_on = forms.DateField(
        label=_("Tanggal penyerahan"),
        required=False,
        help_text=_("Kosongkan bila hari ini."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Tanggal tidak valid.")},
    )
    link = forms.URLField(
        label=_("Tautan informasi (bila diserahkan secara elektronik)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Alamat tautan tidak valid.")},
    )
    note = _text(_("Catatan (tidak wajib)"), rows=2)

    def service_kwargs(self) -> dict:
        return {**self.cleaned_data, "link": self.cleaned_data["link"] or ""}


class ForwardForm(ActionForm):
    target_body = forms.ModelChoiceField(
        label=_("Badan publik pada layanan ini"),
        queryset=PublicBody.objects.none(),
        required=False,
        empty_label=_("— Tidak ada di layanan ini —"),
        help_text=_("Permohonan baru dengan nomor sendiri dibuat di badan publik tersebut."),
    )
    target_name = _text(
        _("Atau nama badan publik lain"),
        max_length=300,
        help_text=_("Isi bila badan publik yang menguasai tidak memakai layanan ini."),
    )
    note = _text(_("Catatan untuk pemohon (tidak wajib)"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_body"].queryset = PublicBody.objects.exclude(
            pk=self.info_request.body_id
        ).order_by("name")


# Fields the form shares with `WrittenNotice` (foreign keys are copied by id, without a query).
NOTICE_MODEL_FIELDS = (
    "outcome",
    "material_description",
    "withheld_description",
    "redaction_explanation",
    "exemption_letter",
    "exemption_subitem",
    "other_statute",
    "holding_body_name",
    "holding_body_unknown",
    "copy_format",
    "medium",
    "provision_days",
    "payment_method",
    "explanation",
)


NOTICE_TEXT_FIELDS = tuple(
    name
    for name in NOTICE_MODEL_FIELDS
    if name not in ("exemption_subitem", "holding_body_unknown", "provision_days")
)


def _subitem_choices():
    most = max(EXEMPTION_SUBITEMS.values())
    return [("", _("— Tanpa angka —")), *[(str(n), str(n)) for n in range(1, most + 1)]]


class NoticeForm(ActionForm):
    """The written notice, Pasal 22(7) a-g, as `NoticeInput`. Which fields apply depends on the
    outcome; the service says which are missing, so they are all optional here."""

    outcome = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("", CHOOSE), *Outcome.choices],
        error_messages={"required": _("Pilih keputusan.")},
    )
    material_description = _text(
        _("Informasi yang diberikan"),
        rows=3,
        help_text=_("Wajib bila dikabulkan seluruhnya atau sebagian."),
    )
    withheld_description = _text(
        _("Informasi yang dikecualikan"), rows=2, help_text=_("Wajib bila dikabulkan sebagian.")
    )
    redaction_explanation = _text(
        _("Penjelasan penghitaman/pengaburan"),
        rows=2,
        help_text=_("Wajib bila dikabulkan sebagian (Pasal 22 ayat (7) huruf e)."),
    )
    exemption_letter = forms.ChoiceField(
        label=_("Dasar pengecualian: Pasal 17 huruf"),
        choices=[("", CHOOSE), *ExemptionLetter.choices],
        required=False,
        help_text=_("Wajib bila ditolak atau dikabulkan sebagian."),
    )
    exemption_subitem = forms.TypedChoiceField(
        label=_("Angka"),
        choices=_subitem_choices,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Huruf a (1-5), c (1-7), e (1-7), f (1-4) dan h (1-5) memiliki angka."),
    )
    other_statute = _text(
        _("Undang-Undang lain dan pasalnya"), max_length=300, help_text=_("Untuk huruf j.")
    )
    consequence_test = forms.ModelChoiceField(
        label=_("Uji konsekuensi"),
        queryset=ConsequenceTest.objects.none(),
        required=False,
        empty_label=CHOOSE,
        help_text=_("Wajib untuk setiap pengecualian (Pasal 2 ayat (4))."),
    )
    holding_body = forms.ModelChoiceField(
        label=_("Badan publik yang menguasai (pada layanan ini)"),
        queryset=PublicBody.objects.none(),
        required=False,
        empty_label=CHOOSE,
    )
    holding_body_name = _text(
        _("Atau nama badan publik yang menguasai"),
        max_length=300,
        help_text=_("Untuk keputusan “tidak dikuasai” (Pasal 22 ayat (7) huruf b)."),
    )
    holding_body_unknown = forms.BooleanField(
        label=_("Badan publik yang menguasai tidak diketahui"), required=False
    )
    dip_item = forms.ModelChoiceField(
        label=_("Informasi dalam Daftar Informasi Publik"),
        queryset=DipItem.objects.none(),
        required=False,
        empty_label=CHOOSE,
        help_text=_("Untuk keputusan “sudah tersedia”."),
    )
    copy_format = forms.ChoiceField(
        label=_("Bentuk salinan"), choices=[("", CHOOSE), *CopyFormat.choices], required=False
    )
    medium = _text(_("Media"), max_length=200, help_text=_("Mis. email, flashdisk, cetak."))
    provision_days = forms.IntegerField(
        label=_("Perkiraan waktu penyediaan (hari kerja)"),
        required=False,
        min_value=0,
        max_value=365,
        error_messages={"min_value": _("Tidak boleh negatif."), "invalid": _("Isi dengan angka.")},
    )
    pages = _count(_("Jumlah lembar yang digandakan"))
    media_units = _count(_("Jumlah media penyimpanan (CD/flashdisk)"))
    delivery_fee = _count(_("Ongkos pengiriman (Rp)"))
    payment_method = _text(_("Cara pembayaran"), max_length=300)
    explanation = _text(
        _("Keterangan tambahan"),
        rows=2,
        help_text=_("Wajib bila informasi belum dikuasai/didokumentasikan."),
    )

    # Shown as groups so the officer sees which fields belong to which outcome.
    fieldsets = (
        (_("Keputusan"), ("outcome",)),
        (
            _("Bila dikabulkan"),
            ("material_description", "copy_format", "medium", "provision_days"),
        ),
        (
            _("Bila ditolak atau dikabulkan sebagian"),
            (
                "withheld_description",
                "redaction_explanation",
                "exemption_letter",
                "exemption_subitem",
                "other_statute",
                "consequence_test",
            ),
        ),
        (
            _("Bila tidak dikuasai"),
            ("holding_body", "holding_body_name", "holding_body_unknown"),
        ),
        (_("Bila sudah tersedia"), ("dip_item",)),
        (
            _("Biaya (hanya penggandaan, media dan pengiriman)"),
            ("pages", "media_units", "delivery_fee", "payment_method"),
        ),
        (_("Lainnya"), ("explanation",)),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body_id = self.info_request.body_id
        self.fields["consequence_test"].queryset = ConsequenceTest.objects.filter(
            body_id=body_id
        ).order_by("-pk")
        self.fields["holding_body"].queryset = PublicBody.objects.exclude(pk=body_id).order_by(
            "name"
        )
        self.fields["dip_item"].queryset = DipItem.objects.published().filter(body_id=body_id)
        if not self.is_bound:
            self.initial = {**self._initial_from_request(), **self.initial}

    def _initial_from_request(self) -> dict:
        """A notice sent back for revision opens with what was drafted; else the applicant's
        requested copy format."""
        notice = getattr(self.info_request, "notice", None)
        if notice is None:
            return {"copy_format": self.info_request.copy_format}
        initial = {name: getattr(notice, name) for name in NOTICE_MODEL_FIELDS}
        for name in ("consequence_test", "holding_body", "dip_item"):
            initial[name] = getattr(notice, f"{name}_id")
        return initial

    def fieldset_rows(self):
        return [(title, [self[name] for name in names]) for title, names in self.fieldsets]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        text = {name: data.get(name) or "" for name in NOTICE_TEXT_FIELDS}
        return {
            "data": NoticeInput(
                **text,
                exemption_subitem=data.get("exemption_subitem"),
                consequence_test=data.get("consequence_test"),
                holding_body=data.get("holding_body"),
                holding_body_unknown=bool(data.get("holding_body_unknown")),
                dip_item=data.get("dip_item"),
                provision_days=data.get("provision_days"),
                pages=data.get("pages") or 0,
                media_units=data.get("media_units") or 0,
                delivery_fee=data.get("delivery_fee") or 0,
            )
        }


# ---- Offline intake -------------------------------------------------------------------------

OFFLINE_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.WEB]


class OfficerRequestForm(RequestForm):
    """The citizen's statutory form, filled in by the desk for a walk-in, phone or paper request."""

    declaration = forms.BooleanField(
        label=_(
            "Pemohon menyatakan data di atas benar dan informasi akan digunakan sesuai tujuannya "
            "(ditandatangani pada formulir, atau disampaikan lisan untuk permohonan telepon)."
        ),
        error_messages={"required": _("Centang setelah pemohon menyatakannya.")},
    )


class IntakeDetailsForm(forms.Form):
    """How and when the body received the request (Pasal 22(1)-(3): unwritten requests are
    recorded too). The time is typed in the body's time zone."""

    body = forms.ModelChoiceField(
        label=_("Badan publik"),
        queryset=PublicBody.objects.none(),
        empty_label=None,
    )
    channel = forms.ChoiceField(
        label=_("Kanal"),
        choices=[("", CHOOSE), *OFFLINE_CHANNELS],
        error_messages={"required": _("Pilih kanal permohonan.")},
    )
    received_at = forms.DateTimeField(
        label=_("Waktu diterima"),
        input_formats=[DATETIME_LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S"],
        help_text=_(
            "Waktu permohonan sampai di badan publik, menurut zona waktu badan publik. "
            "Batas waktu 10 hari kerja dihitung dari sini."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT),
        error_messages={
            "required": _("Isi waktu diterima."),
            "invalid": _("Waktu tidak valid."),
        },
    )
    backdate_reason = forms.CharField(
        label=_("Alasan bila waktu diterima lebih awal dari sekarang"),
        required=False,
        max_length=500,
        help_text=_("Mis. surat diterima bagian umum kemarin sore, baru dicatat hari ini."),
    )

    def __init__(self, *args, bodies, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        choices = list(bodies)
        self.only_body = choices[0] if len(choices) == 1 else None
        if self.only_body is not None:
            self.fields["body"].required = False
            self.fields["body"].widget = forms.HiddenInput()
        if choices:
            now = (now or timezone.now()).astimezone(ZoneInfo(choices[0].time_zone))
            self.fields["received_at"].initial = now.strftime(DATETIME_LOCAL_FORMAT)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("body") is None and self.only_body is not None:
            cleaned["body"] = self.only_body
        body, received_at = cleaned.get("body"), cleaned.get("received_at")
        if body is not None and received_at is not None:
            # The field read the wall-clock time in the server's zone; the desk typed the body's.
            naive = timezone.make_naive(received_at)
            cleaned["received_at"] = timezone.make_aware(naive, ZoneInfo(body.time_zone))
        return cleaned
