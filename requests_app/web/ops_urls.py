"""Operations page, included under `admin/operasional/` in `ppid/urls.py` (a proxy that keeps
`/admin/` to the office network covers it too)."""

from django.urls import path

from requests_app.web import ops

urlpatterns = [path("", ops.ops_status, name="ops_status")]
