"""Privacy pages (included under `privasi/` in `ppid/urls.py`)."""

from django.urls import path

from requests_app.web import privacy

urlpatterns = [
    path("", privacy.privacy_notice, name="privacy_notice"),
    path("data-saya/", privacy.my_data_download, name="my_data_download"),
    path(
        "data-permohonan/<path:registration_number>/",
        privacy.request_data_download,
        name="request_data_download",
    ),
]
