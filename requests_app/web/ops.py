"""The operations page for administrators (staff): Celery queue depth, outbox and export backlog.

Everyone else gets 404, signed in or not: the page does not admit that it exists.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from requests_app.selectors.operations import (
    celery_queue_depths,
    export_backlog,
    outbox_backlog,
    outbox_recent_failures,
)


@never_cache
@require_GET
def ops_status(request):
    if not (request.user.is_authenticated and request.user.is_staff):
        raise Http404
    context = {
        "broker": celery_queue_depths(),
        "outbox": outbox_backlog(),
        "failures": outbox_recent_failures(),
        "exports": export_backlog(),
    }
    return render(request, "ops/status.html", context)
