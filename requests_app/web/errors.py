"""Error pages: under `/api/` a 404 is JSON like every other API error, elsewhere the HTML page."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

API_PREFIX = "/api/"


def not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": _("Tidak ditemukan."), "fields": {}}, status=404)
    return page_not_found(request, exception)
