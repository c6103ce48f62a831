"""Admin for annual reporting: closed years (view-only, reopened by an audited action with a
reason), their log, the monev indicators (data per year, Keputusan 7) and export jobs.

Imported from `requests_app/admin.py`; the rules live in `services/reporting.py`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from requests_app.errors import DomainError
from requests_app.models import ExportJob, MonevIndicator, YearSnapshot, YearSnapshotLog
from requests_app.services.reporting import can_reopen_years, year_reopen


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan membuka kembali"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


@admin.register(YearSnapshot)
class YearSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("body", "year", "closed_at", "closed_by")
    list_filter = ("year", "body")
    list_select_related = ("body", "closed_by")
    readonly_fields = ("body", "year", "closed_at", "closed_by", "figures", "narrative")
    actions = ("reopen_years",)

    def has_delete_permission(self, request, obj=None):
        # The reopen action requires the delete permission (an administrator's act) and is the
        # only way to delete; one object's page (obj given) gets no delete link at all.
        if obj is not None:
            return False
        return can_reopen_years(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """`.../<pk>/delete/` would delete without a reason or a log entry: refused, pointing
        to the audited reopen action instead."""
        self.message_user(
            request,
            _(
                'Tahun yang ditutup tidak dapat dihapus. Gunakan tindakan "Buka kembali tahun '
                'terpilih" pada daftar: alasannya wajib diisi dan tercatat di riwayat.'
            ),
            level=messages.ERROR,
        )
        return HttpResponseRedirect(reverse("admin:requests_app_yearsnapshot_changelist"))

    def delete_model(self, request, obj):
        raise PermissionDenied

    def delete_queryset(self, request, queryset):
        raise PermissionDenied

    @admin.action(
        description=_("Buka kembali tahun terpilih (wajib alasan, tercatat di riwayat)"),
        permissions=["delete"],
    )
    def reopen_years(self, request, queryset):
        """Two steps: the first POST shows a form asking for the reason, the second reopens."""
        form = ReopenForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for snapshot in queryset.select_related("body"):
                try:
                    year_reopen(
                        body=snapshot.body,
                        year=snapshot.year,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                except DomainError as error:
                    self.message_user(request, error.message, level=messages.ERROR)
                    return None
            self.message_user(request, _("Tahun terpilih dibuka kembali."))
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Buka kembali tahun yang ditutup"),
            "form": form,
            "snapshots": queryset.select_related("body"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "reports/admin_reopen.html", context)


@admin.register(YearSnapshotLog)
class YearSnapshotLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "body", "year", "action", "actor", "reason")
    list_filter = ("action", "year")
    list_select_related = ("body", "actor")


@admin.register(MonevIndicator)
class MonevIndicatorAdmin(admin.ModelAdmin):
    list_display = ("year", "code", "area", "text", "evidence", "position")
    list_filter = ("year", "area")
    list_editable = ("position",)
    search_fields = ("code", "text", "area")
    ordering = ("year", "position", "code")


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "kind", "state", "progress", "filename")
    list_filter = ("kind", "state")
    list_select_related = ("user",)
    exclude = ("file",)
