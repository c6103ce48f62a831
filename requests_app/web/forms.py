"""Citizen forms: the statutory request form (domain.md C.1) and account sign-up.

The forms check the shape of each field; the rules that span several fields come from the intake
service (`request_input_errors`), so the web page, the API and officer intake agree. Every error is
shown at once: shape errors first, then the service's errors on the fields that have none yet.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from requests_app.errors import DomainError
from requests_app.identity import validate_nik
from requests_app.models import (
    AccessibilityNeed,
    AccessMethod,
    ApplicantType,
    CopyFormat,
    DeliveryMethod,
    PublicBody,
)
from requests_app.services.requests import RequestInput, request_input_errors

FILE_FIELDS = ("identity_document", "power_of_attorney")
RESELECT_FILE = _(
    "Pilih berkas ini lagi sebelum mengirim: demi keamanan, browser tidak dapat mengisi ulang "
    "kolom berkas."
)
REQUIRED = {"required": _("Wajib diisi.")}
_PHONE = re.compile(r"^\+?[0-9 ().-]{6,30}$")
_NIK_SEPARATORS = re.compile(r"[\s.-]")
DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _text(label, max_length, help_text="", required=False, error_messages=None, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={**REQUIRED, **(error_messages or {})},
        **kwargs,
    )


def _area(label, max_length, help_text, rows):
    widget = forms.Textarea(attrs={"rows": rows})
    return _text(label, max_length, help_text, required=True, widget=widget)


def _document(label, help_text):
    widget = forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT})
    return forms.FileField(label=label, required=False, help_text=help_text, widget=widget)


class RequestForm(forms.Form):
    applicant_type = forms.ChoiceField(
        label=_("Jenis pemohon"),
        choices=ApplicantType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jenis pemohon.")},
        help_text=_(
            "Pemohon adalah warga negara Indonesia atau badan hukum Indonesia (UU 14/2008 Pasal 1 "
            "angka 12). Kelompok orang mengajukan melalui kuasa."
        ),
    )
    full_name = _text(
        _("Nama lengkap"), 200, _("Sesuai KTP, atau nama badan hukum."), required=True
    )
    nik = _text(
        _("NIK"),
        64,
        _(
            "16 angka Nomor Induk Kependudukan pada KTP. Wajib untuk perorangan dan kelompok "
            "orang; untuk badan hukum boleh dikosongkan."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": _("NIK harus terdiri dari 16 angka.")},
    )
    legal_entity_number = _text(
        _("Nomor SK pengesahan badan hukum"),
        100,
        _("Wajib untuk badan hukum: nomor SK pengesahan dari Kementerian Hukum."),
    )
    identity_document = _document(
        _("Pindaian KTP atau akta/SK badan hukum"),
        _(
            "Boleh menyusul bila diminta petugas. Berkas PDF, JPG atau PNG; isi berkas diperiksa, "
            "bukan hanya nama berkasnya."
        ),
    )
    address = _area(_("Alamat"), 500, _("Alamat tempat tinggal atau kedudukan badan hukum."), 2)
    occupation = _text(_("Pekerjaan"), 120, required=True, help_text=_("Mis. wiraswasta."))
    phone = _text(
        _("Nomor telepon"),
        30,
        _("Isi nomor telepon atau email (minimal salah satu)."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        help_text=_("Tanda bukti dan kabar permohonan dikirim ke alamat ini."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    npwp = _text(_("NPWP"), 30, _("Tidak wajib."))
    representative_name = _text(_("Nama kuasa"), 200, _("Wajib bila pemohon kelompok orang."))
    representative_nik = _text(
        _("NIK kuasa"), 16, _("16 angka; wajib bila pemohon kelompok orang. Disimpan terenkripsi.")
    )
    representative_address = _text(_("Alamat kuasa"), 500)
    representative_contact = _text(_("Telepon atau email kuasa"), 120)
    power_of_attorney = _document(
        _("Surat kuasa"), _("Surat kuasa khusus yang ditandatangani pemohon. PDF, JPG atau PNG.")
    )
    information_requested = _area(
        _("Rincian informasi yang dibutuhkan"),
        5000,
        _("Sebutkan dokumen atau informasi sejelas mungkin, mis. judul, tahun dan unit kerja."),
        5,
    )
    purpose = _area(
        _("Tujuan penggunaan informasi"),
        2000,
        _("Wajib disebutkan (UU 14/2008 Pasal 4 ayat (3))."),
        3,
    )
    access_method = forms.ChoiceField(
        label=_("Cara memperoleh informasi"),
        choices=AccessMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih cara memperoleh informasi.")},
    )
    copy_format = forms.ChoiceField(
        label=_("Bentuk salinan"),
        choices=[("", _("— Pilih —")), *CopyFormat.choices],
        required=False,
        help_text=_("Wajib bila meminta salinan. Salinan elektronik tidak dikenai biaya."),
    )
    delivery_method = forms.ChoiceField(
        label=_("Cara mendapatkan salinan"),
        choices=[("", _("— Pilih —")), *DeliveryMethod.choices],
        required=False,
        help_text=_(
            "Wajib bila meminta salinan. Hanya biaya penggandaan dan pengiriman yang sebenarnya "
            "yang dapat dikenakan."
        ),
    )
    accessibility_needs = forms.MultipleChoiceField(
        label=_("Kebutuhan aksesibilitas"),
        choices=AccessibilityNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tidak wajib. Pilih bila Anda membutuhkan bantuan di meja layanan atau informasi "
            "dalam bentuk lain; PPID menyiapkannya tanpa biaya."
        ),
        error_messages={"invalid_choice": _("Pilihan kebutuhan aksesibilitas tidak dikenal.")},
    )
    accessibility_note = _text(
        _("Keterangan kebutuhan aksesibilitas"),
        300,
        _("Tidak wajib, mis. bahasa isyarat yang Anda gunakan atau bantuan lain yang dibutuhkan."),
    )
    declaration = forms.BooleanField(
        label=_(
            "Saya menyatakan data di atas benar dan informasi yang diperoleh akan saya gunakan "
            "sesuai tujuan yang saya sebutkan."
        ),
        error_messages={"required": _("Centang pernyataan ini untuk mengirim permohonan.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declaration"].summary_label = _("Pernyataan")

    def clean_nik(self) -> str:
        # People type NIKs with spaces or dots as printed on some cards.
        nik = _NIK_SEPARATORS.sub("", self.cleaned_data["nik"])
        if nik and not nik.isascii():
            # `\d` also matches Arabic-Indic and other Unicode digits; a NIK uses 0-9 only.
            raise forms.ValidationError(_("NIK harus terdiri dari 16 angka."))
        if nik:
            # Checked here too so a malformed NIK is reported even before a type is chosen.
            validate_nik(nik)
        return nik

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                _("Nomor telepon hanya boleh berisi angka, spasi, +, -, titik dan tanda kurung.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        for name, messages in request_input_errors(self.to_input()).items():
            if name in self.fields and name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_file_errors()

    def to_input(self) -> RequestInput:
        """The cleaned values as the intake service takes them; options that do not apply are
        dropped so a hidden field cannot leave a stale value behind."""
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        text = {name: value or "" for name, value in data.items() if name not in FILE_FIELDS}
        if text["access_method"] != AccessMethod.COPY:
            text["copy_format"] = text["delivery_method"] = ""
        if text["applicant_type"] != ApplicantType.LEGAL_ENTITY:
            text["legal_entity_number"] = ""
        text.pop("declaration")
        text["accessibility_needs"] = list(data["accessibility_needs"] or [])
        return RequestInput(
            **text,
            identity_document=data["identity_document"] or None,
            power_of_attorney=data["power_of_attorney"] or None,
        )

    def add_service_errors(self, error: DomainError) -> None:
        """Put a `ValidationFailed` from the service on the fields it names."""
        for name, messages in error.fields.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not error.fields:
            self.add_error(None, error.message)
        self._mark_file_errors()

    def files_to_reselect(self) -> list[str]:
        """File fields whose upload was fine but is lost because another field failed."""
        if not self.errors:
            return []
        return [name for name in FILE_FIELDS if self.files.get(name) and name not in self.errors]

    def _mark_file_errors(self) -> None:
        for name in FILE_FIELDS:
            errors = self.errors.get(name)
            if errors and str(RESELECT_FILE) not in errors:
                errors.append(str(RESELECT_FILE))


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Untuk kabar permohonan dan pemulihan akun."),
        error_messages=REQUIRED,
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Email ini sudah dipakai akun lain."))
        return email


class DueDateCalculatorForm(forms.Form):
    """The public calculator: a body and the moment a request arrives, in the body's time zone."""

    body = forms.ModelChoiceField(
        label=_("Badan publik"),
        queryset=PublicBody.objects.order_by("name"),
        empty_label=_("— Pilih badan publik —"),
        error_messages={
            "required": _("Pilih badan publik."),
            "invalid_choice": _("Badan publik tidak ditemukan; pilih dari daftar."),
        },
    )
    received_date = forms.DateField(
        label=_("Tanggal permohonan diterima"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Isi tanggal permohonan diterima."),
            "invalid": _("Tanggal tidak valid; gunakan format tahun-bulan-tanggal (2025-03-28)."),
        },
    )
    received_time = forms.TimeField(
        label=_("Jam diterima"),
        help_text=_(
            "Waktu setempat badan publik. Sesudah jam tutup layanan dihitung esok hari kerja."
        ),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Isi jam permohonan diterima."),
            "invalid": _("Jam tidak valid; gunakan format jam:menit (15:30)."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = list(self.fields["body"].queryset[:2])
        if len(bodies) == 1:
            self.fields["body"].initial = bodies[0].pk

    def received_at(self) -> datetime:
        """The cleaned date and time as an aware datetime in the chosen body's time zone."""
        body = self.cleaned_data["body"]
        return datetime.combine(
            self.cleaned_data["received_date"],
            self.cleaned_data["received_time"],
            tzinfo=ZoneInfo(body.time_zone),
        )

    def add_service_errors(self, error: DomainError) -> None:
        """The selector names `received_at`; on this form that is the date field."""
        for name, messages in error.fields.items():
            target = "received_date" if name == "received_at" else name
            for message in messages:
                self.add_error(target if target in self.fields else None, message)
        if not error.fields:
            self.add_error(None, error.message)
