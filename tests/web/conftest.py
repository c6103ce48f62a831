from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import VALID_NIK

JAKARTA = ZoneInfo("Asia/Jakarta")
# Monday 24 March 2025, 09:00 WIB: 10 HK later is Wednesday 16 April 2025 (Nyepi, Idul Fitri and
# cuti bersama fall in between; domain.md appendix).
MONDAY_MORNING = datetime(2025, 3, 24, 9, 0, tzinfo=JAKARTA)


@pytest.fixture
def form_data():
    """A complete, valid POST for the web request form; override fields with keyword arguments."""

    def _data(**overrides):
        values = {
            "applicant_type": "perorangan",
            "full_name": "Siti Aminah",
            "nik": VALID_NIK,
            "address": "Jl. Raya Serang No. 1, Kota Serang",
            "occupation": "Wiraswasta",
            "phone": "081234567890",
            "email": "siti@example.org",
            "information_requested": "Salinan DPA Dinas Pendidikan tahun anggaran 2025",
            "purpose": "Penelitian anggaran pendidikan",
            "access_method": "salinan",
            "copy_format": "softcopy",
            "delivery_method": "email",
            "declaration": "on",
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    return _data


@pytest.fixture
def form_url(body):
    return reverse("request_create", kwargs={"body_slug": body.slug})


def pdf_upload(name="ktp.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf")


def text_upload(name="ktp.pdf"):
    return SimpleUploadedFile(name, b"ini hanya teks biasa, bukan PDF\n" * 4, "application/pdf")
