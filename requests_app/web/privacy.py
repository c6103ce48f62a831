"""Privacy pages: the notice, and a citizen's download of their own data (UU 27/2022)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from requests_app.selectors.citizen import citizen_request_list
from requests_app.services.personal_data import personal_data_export, personal_data_prefetch
from requests_app.web import access


def _json_attachment(document: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def privacy_notice(request):
    retention_years = round(settings.PERSONAL_DATA_RETENTION_DAYS / 365, 1)
    context = {
        "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        "retention_years": retention_years,
    }
    return render(request, "privacy/notice.html", context)


@never_cache
@require_GET
@login_required
def my_data_download(request):
    """Everything filed from this account, as JSON."""
    rows = personal_data_prefetch(citizen_request_list(user=request.user))
    return _json_attachment(
        personal_data_export(requests=rows, user=request.user), "data-saya.json"
    )


@never_cache
@require_GET
def request_data_download(request, registration_number: str):
    """One request's data for whoever may track it (account, or the session's tracking grant)."""
    info_request = access.citizen_request_or_404(request, registration_number)
    number = info_request.registration_number.replace("/", "-")
    return _json_attachment(
        personal_data_export(requests=[info_request]), f"data-permohonan-{number}.json"
    )
