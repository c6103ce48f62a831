"""Open data at stable public URLs, included under `data/` in `ppid/urls.py`:
`/data/statistik/<body-slug>/<year>.json` and `.csv`."""

from django.urls import path

from requests_app.web.reports import views

urlpatterns = [
    path(
        "statistik/<slug:body_slug>/<int:year>.<str:fmt>",
        views.open_data_statistics,
        name="open_data_statistics",
    ),
]
