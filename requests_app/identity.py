"""NIK validation and the protection of identity data at rest (Keputusan 8, domain.md E2-E4)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import date

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Kemendagri province codes (the first two NIK digits), including the Papua provinces formed in 2022.
PROVINCE_CODES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
    }
)
_NIK_PATTERN = re.compile(r"^[0-9]{16}$")  # ASCII only: other digits would hash differently


def validate_nik(value: str) -> None:
    """A NIK is 16 digits: province, regency, district, birth date (+40 for women) and a serial."""
    nik = (value or "").strip()
    if not _NIK_PATTERN.match(nik):
        raise ValidationError(_("NIK harus terdiri dari 16 angka."), code="nik_format")
    if nik[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("Kode provinsi pada NIK (2 angka pertama) tidak dikenal."), code="nik_province"
        )
    if nik[2:4] == "00" or nik[4:6] == "00":
        raise ValidationError(
            _("Kode kabupaten/kota atau kecamatan pada NIK tidak valid."), code="nik_region"
        )
    day, month = int(nik[6:8]), int(nik[8:10])
    if day > 40:
        day -= 40
    try:
        # 2000 is a leap year, so 29 February stays possible whatever the century.
        date(2000, month, day)
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada NIK (angka ke-7 sampai ke-12) tidak masuk akal."),
            code="nik_birth_date",
        ) from None
    if nik[12:] == "0000":
        raise ValidationError(_("Nomor urut pada NIK tidak valid."), code="nik_serial")


def _fernet() -> Fernet:
    key = settings.FIELD_ENCRYPTION_KEY
    if not key:
        key = base64.urlsafe_b64encode(
            hashlib.sha256(settings.SECRET_KEY.encode()).digest()
        ).decode()
    return Fernet(key)


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def encrypt_bytes(data: bytes) -> bytes:
    """Identity files at rest (requests_app/storage.py): the Fernet token, base64 undone so a scan
    takes a third less space than the token itself."""
    return base64.urlsafe_b64decode(_fernet().encrypt(data))


def decrypt_bytes(data: bytes) -> bytes:
    """The inverse of `encrypt_bytes`; raises InvalidToken when the bytes were altered or the
    FIELD_ENCRYPTION_KEY is not the one they were written with (a file, unlike a NIK field, must
    never silently read as empty)."""
    return _fernet().decrypt(base64.urlsafe_b64encode(data))


def nik_hash(nik: str) -> str:
    """Keyed hash: finds the same NIK again without storing it readable."""
    return hmac.new(settings.SECRET_KEY.encode(), nik.encode(), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token or ""), stored_hash or "")
