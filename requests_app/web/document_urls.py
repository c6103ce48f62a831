"""Downloads of letters and files (included under `dokumen/` in `ppid/urls.py`)."""

from django.urls import path

from requests_app.web import documents

urlpatterns = [
    path("<int:pk>/unduh/", documents.document_download, name="document_download"),
    path(
        "permohonan/<int:request_pk>/tanda-bukti/",
        documents.receipt_download,
        name="request_receipt_download",
    ),
]
