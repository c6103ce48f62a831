"""`/healthz`: is the database answering, is the broker reachable? For container health checks.

No authentication and nothing secret in the answer: which dependency failed, never why (error
texts can contain host names or credentials); the reason goes to the log instead.
"""

from __future__ import annotations

import logging

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
        logger.error("Health check: database unavailable: %s", type(error).__name__)
        return False


def broker_ok() -> bool:
    from ppid.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
        return True
    except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
        logger.error("Health check: broker unavailable: %s", type(error).__name__)
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": "ok" if database_ok() else "error",
        "broker": "ok" if broker_ok() else "error",
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
