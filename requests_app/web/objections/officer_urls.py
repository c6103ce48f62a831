"""Officer objection pages, included under `petugas/keberatan/` in `ppid/urls.py`."""

from django.urls import path

from requests_app.web.objections import officer

urlpatterns = [
    path("", officer.objection_register, name="objection_register"),
    path(
        "register.<str:fmt>",
        officer.objection_register_export,
        name="objection_register_export",
    ),
    path(
        "catat/<int:request_pk>/",
        officer.objection_record_paper,
        name="objection_record_paper",
    ),
    path("<int:pk>/", officer.objection_detail, name="objection_detail"),
    path("<int:pk>/<slug:action>/", officer.objection_action, name="objection_action"),
]
