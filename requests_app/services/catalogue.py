"""Rules for the public catalogue: the DIP (Pasal 9-11) and the consequence tests that feed the DIK
(Pasal 17, 19). One place for each rule, so the admin, the API and any service agree."""

from __future__ import annotations

from django.utils.translation import gettext as _

from requests_app.models import EXEMPTION_SUBITEMS, ExemptionLetter

OTHER_STATUTE_LETTER = "j"


def exemption_basis_errors(
    *, letter: str, subitem: int | None, other_statute: str = ""
) -> dict[str, list[str]]:
    """Field errors for a Pasal 17 citation; an empty dict when it is complete.

    Pasal 17 huruf a, c, e, f and h are split into numbered sub-items (angka), so a citation of
    those letters must name one within range; the other letters have none. Huruf j exempts what
    another Undang-Undang closes, so that statute and its article must be named.
    """
    errors: dict[str, list[str]] = {}
    if letter not in ExemptionLetter.values:
        errors["exemption_letter"] = [_("Pilih dasar pengecualian Pasal 17 (huruf a-j).")]
        return errors
    count = EXEMPTION_SUBITEMS.get(letter)
    if count and subitem is None:
        errors["exemption_subitem"] = [
            _("Pasal 17 huruf %(l)s memiliki angka 1-%(n)s: pilih salah satu.")
            % {"l": letter, "n": count}
        ]
    elif count and not 1 <= subitem <= count:
        errors["exemption_subitem"] = [
            _("Pasal 17 huruf %(l)s hanya memiliki angka 1-%(n)s.") % {"l": letter, "n": count}
        ]
    elif not count and subitem is not None:
        errors["exemption_subitem"] = [
            _("Pasal 17 huruf %(l)s tidak memiliki angka: kosongkan isian ini.") % {"l": letter}
        ]
    if letter == OTHER_STATUTE_LETTER and not (other_statute or "").strip():
        errors["other_statute"] = [
            _("Pasal 17 huruf j: sebutkan Undang-Undang lain dan pasalnya yang melarang.")
        ]
    return errors


def unit_belongs_to_body_errors(*, unit, body, field: str) -> dict[str, list[str]]:
    """A responsible unit must be one of the body's own PPID units."""
    if unit is None or body is None or unit.body_id == body.pk:
        return {}
    return {field: [_("Pilih unit dari badan publik yang sama.")]}
