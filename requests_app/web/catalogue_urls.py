"""Mounted at /informasi-publik/ by ppid/urls.py."""

from django.urls import path

from requests_app.web import catalogue

urlpatterns = [
    path("", catalogue.dip_page, name="public_dip"),
    path("dikecualikan/", catalogue.dik_page, name="public_dik"),
    path("berkas/<int:pk>/", catalogue.dip_file, name="public_dip_file"),
]
