"""Forms of the reports pages: the register export filters and the annual report narrative."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from requests_app.exports.jobs import FORMATS, MAX_YEAR, MIN_YEAR
from requests_app.models import Unit, UnitKind
from requests_app.selectors.reporting import report_bodies_for
from requests_app.services.reporting import NARRATIVE_MAX_LENGTH

YEAR_ERRORS = {
    "invalid": _("Masukkan tahun berupa angka, mis. 2025."),
    "min_value": _("Tahun paling awal %(limit_value)s."),
    "max_value": _("Tahun paling akhir %(limit_value)s."),
}


class RegisterExportForm(forms.Form):
    """Filters of a register download; the bodies and OPDs offered are the user's own."""

    format = forms.ChoiceField(
        label=_("Format"), choices=[(f, f.upper()) for f in FORMATS], initial="xlsx"
    )
    year = forms.IntegerField(
        label=_("Tahun"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages=YEAR_ERRORS,
    )
    body = forms.ModelChoiceField(label=_("Badan publik"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("PPID Pelaksana/OPD"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = report_bodies_for(user)
        self.fields["body"].queryset = bodies
        self.fields["body"].error_messages["invalid_choice"] = _("Pilih badan publik Anda.")
        self.fields["unit"].queryset = Unit.objects.filter(
            body__in=bodies, kind=UnitKind.PELAKSANA
        ).select_related("body")
        self.fields["unit"].error_messages["invalid_choice"] = _("Pilih OPD yang tersedia.")

    def clean(self):
        cleaned = super().clean()
        body, unit = cleaned.get("body"), cleaned.get("unit")
        if body is not None and unit is not None and unit.body_id != body.pk:
            self.add_error("unit", _("OPD ini bukan bagian dari badan publik yang dipilih."))
        return cleaned

    def export_data(self) -> dict:
        data = self.cleaned_data
        return {
            "format": data["format"],
            "year": data.get("year"),
            "body": data["body"].pk if data.get("body") else None,
            "unit": data["unit"].pk if data.get("unit") else None,
        }


def _text(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NarrativeForm(forms.Form):
    """The narrative parts of the laporan layanan (domain.md D.1 items 1, 2, 5 and 6)."""

    policy = _text(_("1. Kebijakan layanan informasi publik"))
    facilities = _text(_("1. Sarana dan prasarana serta kondisinya"))
    staff = _text(_("1. Sumber daya manusia dan kualifikasinya"))
    budget = _text(_("1. Anggaran pelayanan dan realisasinya"))
    service_overview = _text(_("2. Gambaran umum pelaksanaan pelayanan"))
    obstacles = _text(_("5. Kendala eksternal dan internal"))
    recommendations = _text(_("6. Rekomendasi dan rencana tindak lanjut"))
