"""Gap-free registration numbers per body, kind and year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from requests_app.models import NumberSequence, PublicBody, SequenceKind

FORMAT_EXAMPLE = {"seq": 42, "code": "BANTEN", "year": 2026, "month": 3}
MAX_NUMBER_LENGTH = 80  # InformationRequest.registration_number / Objection.registration_number


def number_format_validate(pattern: str) -> None:
    """Admin-side check that a number pattern formats (unknown fields or bad specs are refused)."""
    try:
        example = pattern.format(**{**FORMAT_EXAMPLE, "seq": 99999, "year": 2099})
    except (KeyError, IndexError, ValueError, TypeError, AttributeError) as error:
        raise ValidationError(_("Format nomor tidak valid: %(error)s") % {"error": error}) from None
    if "{seq" not in pattern:
        raise ValidationError(_("Format nomor harus memuat {seq}."))
    if len(example) > MAX_NUMBER_LENGTH:
        raise ValidationError(
            _("Nomor yang dihasilkan terlalu panjang (maksimal %(n)s karakter).")
            % {"n": MAX_NUMBER_LENGTH}
        )


def sequence_next(*, body: PublicBody, kind: str, year: int) -> int:
    """Take the next number under a row lock, inside the caller's transaction.

    The sequence row is updated in the same transaction as the record that uses the number, so a
    rolled-back submission gives its number back: numbers stay gap-free.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sequence_next must run inside the transaction that stores the number")
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(body=body, kind=kind, year=year)
    except IntegrityError:
        pass  # a concurrent transaction created the row first; the lock below waits for it
    sequence = NumberSequence.objects.select_for_update().get(body=body, kind=kind, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return sequence.last_value


def format_number(*, body: PublicBody, kind: str, seq: int, year: int, month: int) -> str:
    pattern = (
        body.registration_number_format
        if kind == SequenceKind.REQUEST
        else body.objection_number_format
    )
    return pattern.format(seq=seq, code=body.registration_code, year=year, month=month)
