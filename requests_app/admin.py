"""Django admin: configuration (bodies, units, people, calendar) and read-only views of the work.

Requests, events, notifications and number sequences are view-only here. Every change to a request
goes through a service so that it is permission-checked and leaves an audit event; an admin form
that saved the row directly would bypass both. Identity data (Keputusan 8) is shown masked only:
no full NIK, no ciphertext, no download link for identity scans.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from requests_app.models import (
    CalendarOverride,
    DeadlinePolicy,
    InformationRequest,
    Membership,
    Notification,
    NumberSequence,
    PublicBody,
    ReminderLedger,
    RequestEvent,
    Unit,
)
from requests_app.services.numbering import number_format_validate


class ViewOnlyMixin:
    """Visible to staff with the view permission; nobody adds, changes or deletes here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Organisation ------------------------------------------------------------------------------


BODY_FIELDSETS = (
    (None, {"fields": ("code", "slug", "name", "short_name", "kind", "parent")}),
    (
        _("Nomor pendaftaran"),
        {
            "fields": (
                "registration_code",
                "registration_number_format",
                "objection_number_format",
            )
        },
    ),
    (
        _("Hari dan jam kerja"),
        {
            "fields": (
                "time_zone",
                "office_closes_at",
                "working_weekdays",
                "pause_clock_when_incomplete",
                "incomplete_completion_days",
            )
        },
    ),
    (
        _("Kontak dan surat"),
        {"fields": ("address", "city", "email", "phone", "website", "correspondence_language")},
    ),
)


def _formfield(db_field, **kwargs):
    # Django 5.2 warns unless URL fields say which scheme a bare "example.go.id" gets.
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class PublicBodyForm(forms.ModelForm):
    class Meta:
        model = PublicBody
        fields = flatten_fieldsets(BODY_FIELDSETS)
        formfield_callback = _formfield

    def clean_registration_number_format(self):
        return self._clean_number_format("registration_number_format")

    def clean_objection_number_format(self):
        return self._clean_number_format("objection_number_format")

    def _clean_number_format(self, name: str) -> str:
        pattern = self.cleaned_data[name]
        number_format_validate(pattern)
        return pattern


class UnitInline(admin.TabularInline):
    model = Unit
    fields = ("short_name", "name", "code", "slug", "kind", "is_active")
    prepopulated_fields = {"slug": ("short_name",)}
    extra = 0
    show_change_link = True


@admin.register(PublicBody)
class PublicBodyAdmin(admin.ModelAdmin):
    form = PublicBodyForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    list_display = ("code", "name", "kind", "parent", "registration_code", "time_zone")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name", "registration_code")
    list_select_related = ("parent",)
    prepopulated_fields = {"slug": ("short_name",)}
    autocomplete_fields = ("parent",)
    inlines = (UnitInline,)
    fieldsets = BODY_FIELDSETS


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "code", "body", "kind", "is_active")
    list_filter = ("body", "kind", "is_active")
    search_fields = ("name", "short_name", "code", "body__name")
    list_select_related = ("body",)
    prepopulated_fields = {"slug": ("short_name",)}
    autocomplete_fields = ("body",)


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("body", "unit", "role")
    autocomplete_fields = ("body", "unit")
    extra = 0


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "body", "unit")
    list_filter = ("role", "body", ("unit", admin.RelatedOnlyFieldListFilter))
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email")
    list_select_related = ("user", "body", "unit", "unit__body")
    autocomplete_fields = ("user", "body", "unit")


User = get_user_model()


class UserWithMembershipsAdmin(UserAdmin):
    inlines = (*UserAdmin.inlines, MembershipInline)


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, UserWithMembershipsAdmin)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "scope", "sk_reference", "description")
    list_filter = ("kind", "body")
    search_fields = ("sk_reference", "description")
    list_select_related = ("body",)
    date_hierarchy = "date"
    ordering = ("date",)
    autocomplete_fields = ("body",)

    actions = ("recompute_open_due_dates",)

    @admin.display(description=_("berlaku untuk"), ordering="body__name")
    def scope(self, obj: CalendarOverride) -> str:
        return str(obj.body) if obj.body_id else _("Semua badan publik")

    @admin.action(
        description=_("Hitung ulang batas waktu permohonan terbuka (tercatat di riwayat)")
    )
    def recompute_open_due_dates(self, request, queryset) -> None:
        """Keputusan 2: frozen due dates change only by this explicit, audited action."""
        from requests_app.services.deadlines import due_dates_recompute

        references = ", ".join(sorted({o.sk_reference for o in queryset}))
        result = due_dates_recompute(actor=request.user, reason=references)
        self.message_user(
            request,
            _("%(examined)s permohonan terbuka diperiksa, %(changed)s batas waktu berubah.")
            % {"examined": result.examined, "changed": result.changed},
        )


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = (
        "body",
        "officer_offsets",
        "overdue_repeat_working_days",
        "objection_window_reminder_days",
        "daily_digest",
    )
    autocomplete_fields = ("body",)


@admin.register(ReminderLedger)
class ReminderLedgerAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ("created_at", "item_key", "kind", "stage", "anchor")
    list_filter = ("kind",)
    search_fields = ("item_key",)
    date_hierarchy = "created_at"


# --- Requests and their trail (view-only) ------------------------------------------------------


class RequestEventInline(ViewOnlyMixin, admin.TabularInline):
    model = RequestEvent
    fields = ("created_at", "code", "actor_label", "from_status", "to_status", "note")
    readonly_fields = fields
    ordering = ("created_at", "id")
    extra = 0
    can_delete = False


@admin.register(InformationRequest)
class InformationRequestAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = (
        "registration_number",
        "body",
        "assigned_unit",
        "status",
        "received_at",
        "due_on",
        "full_name",
    )
    list_filter = (
        "status",
        "body",
        ("assigned_unit", admin.RelatedOnlyFieldListFilter),
        "channel",
        "applicant_type",
        "due_on",
    )
    search_fields = ("registration_number", "full_name")
    list_select_related = ("body", "assigned_unit", "assigned_unit__body")
    date_hierarchy = "received_at"
    inlines = (RequestEventInline,)
    readonly_fields = ("masked_nik", "has_identity_document")
    # Never the NIK itself, its ciphertext or hash, the tracking-token hash, or identity files.
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "registration_number",
                    "body",
                    "assigned_unit",
                    "status",
                    "outcome",
                    "channel",
                )
            },
        ),
        (
            _("Pemohon"),
            {
                "fields": (
                    "applicant_type",
                    "full_name",
                    "masked_nik",
                    "legal_entity_number",
                    "has_identity_document",
                    "address",
                    "occupation",
                    "phone",
                    "email",
                    "representative_name",
                    "applicant",
                )
            },
        ),
        (
            _("Permohonan"),
            {
                "fields": (
                    "information_requested",
                    "purpose",
                    "access_method",
                    "copy_format",
                    "delivery_method",
                )
            },
        ),
        (
            _("Waktu"),
            {
                "fields": (
                    "received_at",
                    "backdate_reason",
                    "recorded_by",
                    "effective_received_on",
                    "original_due_on",
                    "extended_due_on",
                    "due_on",
                    "notice_sent_at",
                    "delivered_at",
                    "closed_at",
                )
            },
        ),
    )

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj: InformationRequest) -> str:
        return obj.masked_nik or "-"

    @admin.display(description=_("berkas identitas"), boolean=True)
    def has_identity_document(self, obj: InformationRequest) -> bool:
        return bool(obj.identity_document)


@admin.register(RequestEvent)
class RequestEventAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ("created_at", "request", "code", "actor_label", "from_status", "to_status")
    list_filter = ("code", "to_status")
    search_fields = ("request__registration_number", "code", "actor_label")
    list_select_related = ("request",)
    date_hierarchy = "created_at"
    fields = (
        "request",
        "created_at",
        "code",
        "actor",
        "actor_label",
        "from_status",
        "to_status",
        "note",
        "data",
    )


# --- Delivery and numbering (view-only) --------------------------------------------------------


@admin.register(Notification)
class NotificationAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Administrators watch failed deliveries here. Message bodies are left out: a receipt
    carries the applicant's tracking link, which works like a password."""

    list_display = (
        "created_at",
        "kind",
        "channel",
        "recipient",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    )
    list_filter = ("state", "channel", "kind")
    search_fields = ("recipient_address", "subject", "request__registration_number")
    list_select_related = ("recipient_user", "request")
    date_hierarchy = "created_at"
    fields = (
        "kind",
        "channel",
        "request",
        "recipient_user",
        "recipient_address",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "read_at",
        "last_error",
        "created_at",
    )

    @admin.display(description=_("tujuan"))
    def recipient(self, obj: Notification) -> str:
        return obj.recipient_address or str(obj.recipient_user or "-")

    @admin.display(description=_("galat terakhir"))
    def short_error(self, obj: Notification) -> str:
        return Truncator(obj.last_error).chars(80) or "-"


@admin.register(NumberSequence)
class NumberSequenceAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ("body", "kind", "year", "last_value")
    list_filter = ("kind", "year", "body")
    list_select_related = ("body",)
    ordering = ("body", "kind", "-year")


from requests_app import admin_catalogue, admin_reporting  # noqa: E402, F401
