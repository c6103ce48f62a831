"""Public transparency pages, included under `transparansi/` in `ppid/urls.py`."""

from django.urls import path

from requests_app.web import transparency

urlpatterns = [
    path("", transparency.transparency_index, name="transparency_index"),
    path("<slug:body_slug>/", transparency.transparency_body, name="transparency_body"),
]
