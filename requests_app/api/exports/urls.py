"""Export routes under `/api/v1/exports/` (included from `requests_app/api/urls.py`)."""

from django.urls import path

from requests_app.api.exports import views

urlpatterns = [
    path("exports/", views.ExportStartApi.as_view(), name="api-export-start"),
    path("exports/<int:pk>/", views.ExportJobApi.as_view(), name="api-export-detail"),
    path(
        "exports/<int:pk>/download/",
        views.ExportDownloadApi.as_view(),
        name="api-export-download",
    ),
]
