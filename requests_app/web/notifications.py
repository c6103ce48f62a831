"""`/notifikasi/`: the logged-in user's in-app messages, and marking them read (POST)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from requests_app.selectors.notifications import (
    message_kind_label,
    notification_list,
    officer_paths,
)
from requests_app.services.notifications import notifications_mark_read

PAGE_SIZE = 20
# The largest primary key a database integer column holds: a bigger id overflows the driver
# (OverflowError on SQLite, a 500) instead of simply matching nothing.
MAX_ID = 2**63 - 1


class MarkReadForm(forms.Form):
    """Either one message (`id`) or all of them (`all`); the page number to come back to."""

    id = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={"max_value": gettext_lazy("Nomor notifikasi tidak dikenal.")},
    )
    all = forms.BooleanField(required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("id") and not cleaned.get("all"):
            raise forms.ValidationError(_("Pilih notifikasi yang ditandai sudah dibaca."))
        return cleaned


def _row(notification) -> dict:
    return {
        "item": notification,
        "kind_label": message_kind_label(notification.kind),
        "paths": officer_paths(notification),
        "unread": notification.read_at is None,
    }


@never_cache
@require_GET
@login_required
def notification_page(request):
    page = Paginator(notification_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": [_row(notification) for notification in page.object_list],
    }
    return render(request, "notifications/list.html", context)


@require_POST
@login_required
def notification_mark_read(request):
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tidak ada notifikasi yang ditandai: permintaan tidak valid."))
        return redirect("notifications")
    data = form.cleaned_data
    marked = notifications_mark_read(user=request.user, ids=None if data["all"] else [data["id"]])
    if data["all"]:
        messages.success(request, _("Semua notifikasi sudah ditandai dibaca."))
    elif marked:
        messages.success(request, _("Notifikasi ditandai sudah dibaca."))
    target = redirect("notifications")
    if data.get("page") and data["page"] > 1:
        target["Location"] += f"?page={data['page']}"
    return target
