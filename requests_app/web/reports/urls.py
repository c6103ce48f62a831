"""Reports pages, included under `laporan/` in `ppid/urls.py`."""

from django.urls import path

from requests_app.web.reports import views

urlpatterns = [
    path("", views.reports_home, name="reports_home"),
    path("register/<str:kind>/", views.register_export, name="register_export"),
    path(
        "publik/<slug:body_slug>/register-permohonan-<int:year>.<str:fmt>",
        views.public_register_export,
        name="public_register_export",
    ),
    path(
        "publik/<slug:body_slug>/register-keberatan-<int:year>.<str:fmt>",
        views.public_objection_register_export,
        name="public_objection_register_export",
    ),
    path(
        "tahunan/<slug:body_slug>/<int:year>/",
        views.annual_report_page,
        name="annual_report_page",
    ),
    path(
        "tahunan/<slug:body_slug>/<int:year>/tutup/",
        views.year_close_view,
        name="year_close",
    ),
    path(
        "tahunan/<slug:body_slug>/laporan-layanan-<int:year>.<str:fmt>",
        views.annual_report_download,
        name="annual_report_download",
    ),
    path(
        "monev/<slug:body_slug>/paket-monev-<int:year>.zip",
        views.monev_pack_download,
        name="monev_pack_download",
    ),
    path("ekspor/<int:pk>/", views.export_job_page, name="export_job"),
    path("ekspor/<int:pk>/status/", views.export_job_status, name="export_job_status"),
    path("ekspor/<int:pk>/unduh/", views.export_job_download, name="export_job_download"),
]
