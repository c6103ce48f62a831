"""Keyset pagination for DRF lists whose selector gives a `keyset.Ordering` (the officer queue)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from requests_app import keyset

INVALID_CURSOR = _("Kursor halaman tidak valid; ikuti tautan `next` atau `previous`.")


class KeysetPagination(BasePagination):
    """`?cursor=` from the `next`/`previous` links, `?page_size=` up to 100. No `count`: counting
    a million visible rows on every page would cost more than the page itself (issue 7)."""

    ordering: keyset.Ordering
    page_size = 25
    max_page_size = 100
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def __init__(self, ordering: keyset.Ordering | None = None) -> None:
        if ordering is not None:
            self.ordering = ordering

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        try:
            size = int(raw) if raw else self.page_size
        except ValueError:
            size = self.page_size
        # As DRF's page-number pagination: a bad or non-positive size means the default.
        return min(size if size > 0 else self.page_size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        cursor = request.query_params.get(self.cursor_query_param) or None
        try:
            self.page = keyset.page(
                queryset, ordering=self.ordering, cursor=cursor, size=self.get_page_size(request)
            )
        except keyset.InvalidCursor as error:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from error
        return self.page.rows

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self._link(self.page.next_cursor),
                "previous": self._link(self.page.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "Halaman berikutnya (tautan dengan `cursor`)."},
                "previous": {**link, "description": "Halaman sebelumnya."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Posisi halaman, dari tautan `next`/`previous` (nilai buram).",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Baris per halaman (bawaan {self.page_size}, paling banyak "
                f"{self.max_page_size}).",
                "schema": {"type": "integer"},
            },
        ]
