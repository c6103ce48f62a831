"""The framework floor for the submission benchmark: a bare Django view that parses a JSON body and
inserts one row, through the same middleware as every other page.

Mounted at `bench/floor/` only when the setting `BENCHMARK_FLOOR_ENDPOINT` is on (env
`BENCHMARK_FLOOR_ENDPOINT=1`, which only the benchmark's own gunicorn sets). Its table is created
by the benchmark with `CREATE TABLE IF NOT EXISTS` and dropped afterwards: it is no model.
"""

from __future__ import annotations

import json

from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

TABLE = "benchmark_floor_row"


def table_create() -> None:
    key = "BIGSERIAL" if connection.vendor == "postgresql" else "INTEGER"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            f"(id {key} PRIMARY KEY, name VARCHAR(200) NOT NULL, created_at TIMESTAMP NOT NULL)"
        )


def table_drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


@csrf_exempt
@require_POST
def floor_insert(request: HttpRequest) -> JsonResponse:
    try:
        name = str(json.loads(request.body)["full_name"])[:200]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"message": "bad input"}, status=400)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (name, created_at) VALUES (%s, %s)",  # noqa: S608 - constant
            [name, timezone.now().replace(tzinfo=None)],
        )
    return JsonResponse({"ok": True}, status=201)


urlpatterns = [path("", floor_insert, name="benchmark_floor")]
