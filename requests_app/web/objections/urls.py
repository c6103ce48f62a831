"""Citizen objection pages, included under `keberatan/` in `ppid/urls.py`."""

from django.urls import path

from requests_app.web.objections import views

urlpatterns = [
    path("<int:pk>/terdaftar/", views.objection_filed, name="objection_filed"),
    # `path`: registration numbers contain slashes (0001/PPID/BANTEN/2026).
    path("ajukan/<path:registration_number>/", views.objection_create, name="objection_create"),
]
