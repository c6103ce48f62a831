"""Admin for the catalogue and the notice records: DIP items, consequence tests (feed the DIK),
tariffs, and read-only views of written notices and request documents.

Imported from `requests_app/admin.py`; the rules themselves live in `services/catalogue.py`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_app.models import (
    ConsequenceTest,
    DipItem,
    FeeLine,
    RequestDocument,
    Tariff,
    WrittenNotice,
)
from requests_app.services.catalogue import exemption_basis_errors, unit_belongs_to_body_errors


def _raise_field_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


class DipItemForm(forms.ModelForm):
    class Meta:
        model = DipItem
        fields = (
            "body",
            "responsible_unit",
            "title",
            "summary",
            "information_class",
            "form",
            "retention",
            "year",
            "link",
            "file",
            "is_published",
        )

    def clean(self):
        cleaned = super().clean()
        _raise_field_errors(
            unit_belongs_to_body_errors(
                unit=cleaned.get("responsible_unit"),
                body=cleaned.get("body"),
                field="responsible_unit",
            )
        )
        return cleaned


@admin.register(DipItem)
class DipItemAdmin(admin.ModelAdmin):
    form = DipItemForm
    # Django 5.2 warns unless a URL field says which scheme a bare "ppid.example.go.id" gets.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "title",
        "body",
        "information_class",
        "responsible_unit",
        "year",
        "is_published",
    )
    list_filter = ("body", "information_class", "is_published")
    list_editable = ("is_published",)
    search_fields = ("title", "summary")
    list_select_related = ("body", "responsible_unit")
    list_per_page = 50


class ConsequenceTestForm(forms.ModelForm):
    class Meta:
        model = ConsequenceTest
        fields = (
            "body",
            "unit",
            "document",
            "exempted_part",
            "exemption_letter",
            "exemption_subitem",
            "other_statute",
            "harm_if_disclosed",
            "public_interest_balance",
            "exemption_period",
            "decided_on",
            "decision_reference",
            "signed_by",
            "is_published",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("exemption_letter"):
            _raise_field_errors(
                exemption_basis_errors(
                    letter=cleaned["exemption_letter"],
                    subitem=cleaned.get("exemption_subitem"),
                    other_statute=cleaned.get("other_statute", ""),
                )
            )
        _raise_field_errors(
            unit_belongs_to_body_errors(
                unit=cleaned.get("unit"), body=cleaned.get("body"), field="unit"
            )
        )
        return cleaned


@admin.register(ConsequenceTest)
class ConsequenceTestAdmin(admin.ModelAdmin):
    form = ConsequenceTestForm
    list_display = (
        "decision_reference",
        "document",
        "body",
        "legal_basis",
        "decided_on",
        "is_published",
    )
    list_filter = ("body", "exemption_letter", "is_published")
    search_fields = ("document", "decision_reference")
    list_select_related = ("body",)
    date_hierarchy = "decided_on"
    fieldsets = (
        (None, {"fields": ("body", "unit", "document", "exempted_part")}),
        (
            _("Dasar pengecualian (Pasal 17)"),
            {"fields": ("exemption_letter", "exemption_subitem", "other_statute")},
        ),
        (
            _("Uji konsekuensi"),
            {"fields": ("harm_if_disclosed", "public_interest_balance", "exemption_period")},
        ),
        (
            _("Penetapan"),
            {"fields": ("decided_on", "decision_reference", "signed_by", "is_published")},
        ),
    )

    @admin.display(description=_("Dasar hukum"))
    def legal_basis(self, obj: ConsequenceTest) -> str:
        return obj.legal_basis


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    """A new SK is a new row with its own `effective_from`; the notice cites the row in force."""

    list_display = (
        "body",
        "effective_from",
        "sk_reference",
        "copy_per_page",
        "media_per_unit",
        "electronic_free",
    )
    list_filter = ("body",)
    search_fields = ("sk_reference",)
    list_select_related = ("body",)
    ordering = ("body", "-effective_from")
    date_hierarchy = "effective_from"


class _ReadOnly:
    """Records written only by the services (notice sign-off, letters): viewable, never edited."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class FeeLineInline(_ReadOnly, admin.TabularInline):
    model = FeeLine
    fields = ("kind", "description", "quantity", "unit_price", "amount")
    extra = 0


@admin.register(WrittenNotice)
class WrittenNoticeAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("request", "body", "outcome", "state", "fee_total", "approved_at")
    list_filter = ("state", "outcome", "request__body")
    search_fields = ("request__registration_number",)
    list_select_related = ("request__body",)
    inlines = (FeeLineInline,)

    @admin.display(description=_("Badan publik"), ordering="request__body__short_name")
    def body(self, obj: WrittenNotice) -> str:
        return obj.request.body.short_name


@admin.register(RequestDocument)
class RequestDocumentAdmin(_ReadOnly, admin.ModelAdmin):
    """The files are private: they are served only after a permission check, so the admin shows
    the name and never a link to the stored path."""

    list_display = ("filename", "request", "kind", "visible_to_applicant", "created_at")
    list_filter = ("kind", "visible_to_applicant", "request__body")
    search_fields = ("request__registration_number", "filename")
    list_select_related = ("request",)
    fields = ("request", "kind", "filename", "visible_to_applicant", "created_by", "created_at")
    date_hierarchy = "created_at"
