"""drf-spectacular post-processing: facts of every list endpoint the views cannot state one by one."""

from __future__ import annotations

ERROR_REF = {"$ref": "#/components/schemas/Error"}


def document_page_out_of_range(result, generator, request, public):
    """A paginated list answers 404 `{message, fields}` for a page that does not exist (DRF's
    PageNumberPagination): say so on every operation with a `page` query parameter."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            parameters = operation.get("parameters", []) if isinstance(operation, dict) else []
            if any(p.get("in") == "query" and p.get("name") == "page" for p in parameters):
                operation["responses"].setdefault(
                    "404",
                    {
                        "description": "Halaman hasil tidak ada.",
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )
    return result
