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
    rolled-back submission gives its number back: numbers stay gap-free. The increment is one
    `UPDATE ... RETURNING`: it takes the row lock and the number in one round trip, and every
    concurrent submission to the same body, kind and year waits on that lock until this
    transaction ends, so callers should take the number as late as they can.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sequence_next must run inside the transaction that stores the number")
    value = _increment(body=body, kind=kind, year=year)
    if value is None:
        # The first number of the year: create the row (or find the one a concurrent
        # transaction just created; its lock makes us wait) and take the number again.
        try:
            with transaction.atomic():
                NumberSequence.objects.get_or_create(body=body, kind=kind, year=year)
        except IntegrityError:
            pass
        value = _increment(body=body, kind=kind, year=year)
    return value


def _increment(*, body: PublicBody, kind: str, year: int) -> int | None:
    """The incremented value, or None when the row does not exist yet."""
    connection = transaction.get_connection()
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + 1"  # noqa: S608 - model's own table
            " WHERE body_id = %s AND kind = %s AND year = %s RETURNING last_value",
            [body.pk, kind, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def format_number(*, body: PublicBody, kind: str, seq: int, year: int, month: int) -> str:
    pattern = (
        body.registration_number_format
        if kind == SequenceKind.REQUEST
        else body.objection_number_format
    )
    return pattern.format(seq=seq, code=body.registration_code, year=year, month=month)
