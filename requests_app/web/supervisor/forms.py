"""Statistics filters: a period form that builds the `Period` string, and the dashboard's scope."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from requests_app.errors import ValidationFailed
from requests_app.models import Channel
from requests_app.selectors.statistics import Period
from requests_app.selectors.statistics.periods import MAX_YEAR, MIN_YEAR

MONTHS = (
    gettext_lazy("Januari"),
    gettext_lazy("Februari"),
    gettext_lazy("Maret"),
    gettext_lazy("April"),
    gettext_lazy("Mei"),
    gettext_lazy("Juni"),
    gettext_lazy("Juli"),
    gettext_lazy("Agustus"),
    gettext_lazy("September"),
    gettext_lazy("Oktober"),
    gettext_lazy("November"),
    gettext_lazy("Desember"),
)
KIND_CHOICES = (
    ("year", gettext_lazy("Tahun")),
    ("quarter", gettext_lazy("Triwulan")),
    ("month", gettext_lazy("Bulan")),
    ("custom", gettext_lazy("Rentang tanggal")),
)

PERIOD_FIELDS = ("kind", "year", "quarter", "month", "start", "end")


class DateInput(forms.DateInput):
    input_type = "date"


class PeriodForm(forms.Form):
    """Year, quarter, month or a date range; `cleaned_data["period"]` is the parsed `Period`."""

    kind = forms.ChoiceField(label=gettext_lazy("Jenis periode"), choices=KIND_CHOICES)
    year = forms.IntegerField(
        label=gettext_lazy("Tahun"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False
    )
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Triwulan"),
        choices=[("", "—")] + [(q, f"Q{q}") for q in range(1, 5)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("Bulan"),
        choices=[("", "—")] + [(i, name) for i, name in enumerate(MONTHS, start=1)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    start = forms.DateField(label=gettext_lazy("Dari tanggal"), widget=DateInput, required=False)
    end = forms.DateField(label=gettext_lazy("Sampai tanggal"), widget=DateInput, required=False)

    def period_fields(self) -> list:
        return [self[name] for name in PERIOD_FIELDS]

    def scope_fields(self) -> list:
        return [self[name] for name in self.fields if name not in PERIOD_FIELDS]

    def clean(self):
        data = super().clean()
        text, field = self._period_text(data)
        if text is None:
            return data
        try:
            data["period"] = Period.parse(text)
        except ValidationFailed as error:
            self.add_error(field, error.message)
        return data

    def _period_text(self, data) -> tuple[str | None, str]:
        kind, year = data.get("kind"), data.get("year")
        if kind == "custom":
            start, end = data.get("start"), data.get("end")
            self._require(("start", start), ("end", end))
            return (f"{start.isoformat()}..{end.isoformat()}" if start and end else None), "end"
        if kind not in ("year", "quarter", "month") or self.has_error("year"):
            return None, "year"
        part = {"year": None, "quarter": "quarter", "month": "month"}[kind]
        value = data.get(part) if part else None
        self._require(("year", year), *([(part, value)] if part else []))
        if year is None or (part and value is None):
            return None, "year"
        if kind == "quarter":
            return f"{year}-Q{value}", "quarter"
        if kind == "month":
            return f"{year}-{value:02d}", "month"
        return f"{year}", "year"

    def _require(self, *pairs) -> None:
        for name, value in pairs:
            if value in (None, "") and not self.has_error(name):
                self.add_error(name, _("Isian ini wajib untuk jenis periode yang dipilih."))


class DashboardFilterForm(PeriodForm):
    """The period plus the scope: body (or all the user reads), OPD and channel. Which bodies and
    OPDs the user may read is checked by `stats_scope_get`, not by the choices here."""

    # Plain numbers (shown as a list): a body or OPD out of reach is a 404 from the selector,
    # not a form error that would confirm it exists.
    body = forms.IntegerField(
        label=gettext_lazy("Badan publik"), required=False, widget=forms.Select
    )
    unit = forms.IntegerField(label=gettext_lazy("OPD"), required=False, widget=forms.Select)
    channel = forms.ChoiceField(label=gettext_lazy("Kanal"), required=False)

    def __init__(self, *args, access, units, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = [(b.pk, b.name) for b in access.bodies]
        everything = [("", _("Semua badan publik"))] if access.can_pick_all else []
        self.fields["body"].widget.choices = everything + bodies
        if len(bodies) <= 1 and not access.can_pick_all:
            self.fields["body"].widget = forms.HiddenInput()
        grouped: dict[str, list] = {}
        for unit in units:
            grouped.setdefault(unit.body.name, []).append((unit.pk, unit.name))
        unit_choices = list(grouped.items())
        if len(grouped) == 1:
            unit_choices = next(iter(grouped.values()))
        self.fields["unit"].widget.choices = [("", _("Semua OPD"))] + unit_choices
        self.fields["channel"].choices = [("", _("Semua kanal"))] + list(Channel.choices)
