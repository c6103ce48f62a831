"""Objection forms: the applicant's filing (domain.md C.4), the desk's paper filing, and one small
form per officer action. Forms check shape; the services check the rules and their
`ValidationFailed.fields` are put back on the fields (`add_service_errors`)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests_app.errors import DomainError
from requests_app.models import (
    GROUND_LETTERS,
    ApplicantResponse,
    DisputeOutcome,
    DisputeStage,
    Objection,
)
from requests_app.services.objections import DisputeInput, DisputeUpdate, ObjectionInput

# Pasal 35 ayat (1) UU 14/2008, in full: the applicant chooses from the statute's own words.
GROUND_STATUTE_LABELS = {
    "a": _(
        "a. penolakan atas permintaan informasi berdasarkan alasan pengecualian sebagaimana "
        "dimaksud dalam Pasal 17"
    ),
    "b": _("b. tidak disediakannya informasi berkala sebagaimana dimaksud dalam Pasal 9"),
    "c": _("c. tidak ditanggapinya permintaan informasi"),
    "d": _("d. permintaan informasi ditanggapi tidak sebagaimana yang diminta"),
    "e": _("e. tidak dipenuhinya permintaan informasi"),
    "f": _("f. pengenaan biaya yang tidak wajar"),
    "g": _("g. penyampaian informasi yang melebihi waktu yang diatur dalam Undang-Undang ini"),
}
GROUND_CHOICES = [(letter, GROUND_STATUTE_LABELS[letter]) for letter in GROUND_LETTERS]
REQUIRED = {"required": _("Wajib diisi.")}
DATE_ERRORS = {"invalid": _("Tanggal tidak valid."), **REQUIRED}
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _text(label, *, max_length=3000, rows=None, required=False, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget,
        error_messages={
            **REQUIRED,
            "max_length": _("Maksimal %(limit_value)d karakter (sekarang %(show_value)d)."),
        },
    )


def _date(label, *, required=False, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
    )


class ServiceErrorsMixin:
    def add_service_errors(self, error: DomainError) -> None:
        """Show a service's error on the fields it names (else above the form)."""
        for name, messages in error.fields.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not error.fields:
            self.add_error(None, error.message)


class ObjectionForm(ServiceErrorsMixin, forms.Form):
    """The formulir keberatan (C.4): grounds a-g, case facts, an optional representative."""

    grounds = forms.MultipleChoiceField(
        label=_("Alasan pengajuan keberatan (UU 14/2008 Pasal 35 ayat (1))"),
        choices=GROUND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Pilih minimal satu alasan keberatan."),
            "invalid_choice": _("Alasan keberatan tidak dikenal."),
        },
    )
    case_facts = _text(
        _("Kasus posisi"),
        max_length=Objection._meta.get_field("case_facts").max_length,
        rows=6,
        required=True,
        help_text=_("Uraikan apa yang terjadi dan apa yang Anda minta dari atasan PPID."),
    )
    representative_name = _text(_("Nama kuasa"), max_length=200)
    representative_address = _text(_("Alamat kuasa"), max_length=500)
    representative_contact = _text(_("Telepon atau email kuasa"), max_length=120)
    power_of_attorney = forms.FileField(
        label=_("Surat kuasa"),
        required=False,
        help_text=_("Wajib bila diajukan melalui kuasa. PDF, JPG atau PNG."),
        error_messages={"invalid": _("Yang dikirim bukan berkas."), "empty": _("Berkas kosong.")},
    )

    def __init__(self, *args, suggested=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("grounds", list(suggested))
        self.fields["grounds"].summary_label = _("Alasan keberatan")

    def clean(self):
        cleaned = super().clean()
        has_representative = bool(cleaned.get("representative_name"))
        if has_representative and not cleaned.get("power_of_attorney"):
            self.add_error("power_of_attorney", _("Lampirkan surat kuasa untuk kuasa pemohon."))
        if cleaned.get("power_of_attorney") and not has_representative:
            self.add_error("representative_name", _("Isi nama kuasa yang diberi surat kuasa."))
        return cleaned

    def to_input(self) -> ObjectionInput:
        data = self.cleaned_data
        return ObjectionInput(
            grounds=list(data["grounds"]),
            case_facts=data["case_facts"],
            representative_name=data["representative_name"],
            representative_address=data["representative_address"],
            representative_contact=data["representative_contact"],
            power_of_attorney=data.get("power_of_attorney") or None,
        )

    def files_to_reselect(self) -> list[str]:
        if not self.errors:
            return []
        name = "power_of_attorney"
        return [name] if self.files.get(name) and name not in self.errors else []


class CitizenObjectionForm(ObjectionForm):
    """Filed by the applicant; the tracking token is asked when the visitor is not signed in as
    the applicant (the objection is a legal act in their name: Pasal 35)."""

    token = forms.CharField(
        label=_("Token pelacakan"),
        max_length=200,
        help_text=_("Token dari tanda bukti permohonan, sebagai tanda Anda pemohonnya."),
        error_messages=REQUIRED,
    )
    field_order = ["token"]

    def __init__(self, *args, ask_token: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_token:
            del self.fields["token"]


class PaperObjectionForm(ObjectionForm):
    """Recorded by the PPID Utama desk from a paper or in-person objection."""

    received_at = forms.DateTimeField(
        label=_("Waktu keberatan diterima"),
        required=False,
        input_formats=[DATETIME_LOCAL_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT),
        help_text=_("Kosongkan bila diterima sekarang. Tidak boleh di masa depan."),
        error_messages={"invalid": _("Waktu tidak valid.")},
    )
    field_order = ["received_at"]

    def __init__(self, *args, time_zone: str = "Asia/Jakarta", **kwargs):
        self.time_zone = time_zone
        super().__init__(*args, **kwargs)

    def clean_received_at(self) -> datetime | None:
        value = self.cleaned_data.get("received_at")
        if value is None:
            return None
        if timezone.is_naive(value):
            value = value.replace(tzinfo=ZoneInfo(self.time_zone))
        if value > timezone.now():
            raise forms.ValidationError(_("Waktu terima tidak boleh di masa depan."))
        return value


# ---- Officer actions ----------------------------------------------------------------------


class ActionForm(ServiceErrorsMixin, forms.Form):
    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class EmptyForm(ActionForm):
    pass


class SettlementEndForm(ActionForm):
    agreed = forms.TypedChoiceField(
        label=_("Hasil musyawarah"),
        choices=[("ya", _("Sepakat")), ("tidak", _("Tidak sepakat (kembali diperiksa)"))],
        coerce=lambda value: value == "ya",
        widget=forms.RadioSelect,
        error_messages={**REQUIRED, "invalid_choice": _("Pilih hasil musyawarah.")},
    )
    minutes = _text(
        _("Berita acara musyawarah"),
        rows=4,
        max_length=5000,
        help_text=_("Wajib bila sepakat (Pasal 35 ayat (2))."),
    )


class DecideForm(ActionForm):
    upheld = forms.TypedChoiceField(
        label=_("Tanggapan atasan PPID"),
        choices=[
            ("dikabulkan", _("Keberatan dikabulkan (permohonan diproses ulang)")),
            ("ditolak", _("Keberatan ditolak (menguatkan putusan PPID)")),
        ],
        coerce=lambda value: value == "dikabulkan",
        widget=forms.RadioSelect,
        error_messages={**REQUIRED, "invalid_choice": _("Pilih tanggapan.")},
    )
    reasons = _text(
        _("Alasan tertulis"),
        rows=5,
        max_length=5000,
        help_text=_("Pasal 36 ayat (3): tanggapan disertai alasan tertulis."),
    )


class ResponseForm(ActionForm):
    response = forms.ChoiceField(
        label=_("Tanggapan pemohon"),
        choices=ApplicantResponse.choices,
        widget=forms.RadioSelect,
        error_messages={**REQUIRED, "invalid_choice": _("Pilih tanggapan pemohon.")},
    )


class WithdrawForm(ActionForm):
    reason = _text(_("Alasan pencabutan"), rows=2, help_text=_("Arsipkan surat pencabutannya."))


class DisputeForm(ActionForm):
    commission = _text(
        _("Komisi Informasi"), max_length=200, help_text=_("Mis. Komisi Informasi Provinsi Banten.")
    )
    ki_register_number = _text(_("Nomor register sengketa di Komisi Informasi"), max_length=120)
    filed_on = _date(_("Tanggal pengajuan ke Komisi Informasi"), required=True)

    def service_kwargs(self) -> dict:
        return {"data": DisputeInput(**self.cleaned_data)}


class DisputeUpdateForm(ActionForm):
    stage = forms.ChoiceField(
        label=_("Tahap"),
        choices=[("", _("— tidak berubah —")), *DisputeStage.choices],
        required=False,
        error_messages={"invalid_choice": _("Tahap tidak dikenal.")},
    )
    mediation_on = _date(_("Tanggal mediasi"))
    adjudication_on = _date(_("Tanggal ajudikasi"))
    outcome = forms.ChoiceField(
        label=_("Hasil"),
        choices=[("", _("— belum ada —")), *DisputeOutcome.choices],
        required=False,
        error_messages={"invalid_choice": _("Hasil tidak dikenal.")},
    )
    outcome_on = _date(_("Tanggal putusan/akta"))
    release_description = _text(_("Informasi yang wajib dibuka"), rows=3)
    release_due_on = _date(_("Batas pelaksanaan putusan"))
    complied_on = _date(_("Tanggal informasi dibuka"))
    compliance_note = _text(_("Catatan pelaksanaan"), rows=2)
    court_name = _text(_("Pengadilan (PTUN/PN)"), max_length=200)
    court_filed_on = _date(_("Tanggal gugatan"))
    court_result = _text(_("Hasil pengadilan"), rows=2)

    def service_kwargs(self) -> dict:
        return {"data": DisputeUpdate(**self.cleaned_data)}
