"""NIK validation rule by rule, and identity data at rest (Keputusan 8)."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError

from requests_app import identity
from tests.factories import VALID_NIK


def nik_error_code(value: str) -> str | None:
    try:
        identity.validate_nik(value)
    except ValidationError as error:
        return error.code
    return None


# --- validate_nik ------------------------------------------------------------------------------


def test_valid_nik_passes():
    assert nik_error_code(VALID_NIK) is None


def test_surrounding_spaces_are_ignored():
    assert nik_error_code(f"  {VALID_NIK} ") is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "360101450790001",  # 15 digits
        "36010145079000011",  # 17 digits
        "36010145079000a1",  # a letter
        "3601 0145 0790 0001",  # spaces inside
        "3601-0145-0790-001",
    ],
)
def test_nik_must_be_sixteen_digits(value):
    assert nik_error_code(value) == "nik_format"


@pytest.mark.parametrize(
    "value",
    [
        "36０１０１４５０７９００００１",  # full-width digits
        "36٠١٠١٤٥٠٧٩٠٠٠٠١",  # Arabic-Indic digits
    ],
)
def test_non_ascii_digits_are_refused(value):
    assert nik_error_code(value) == "nik_format"


def test_none_is_refused_as_a_format_error():
    assert nik_error_code(None) == "nik_format"


@pytest.mark.parametrize("province", ["00", "10", "20", "30", "37", "99"])
def test_unknown_province_code_is_refused(province):
    assert nik_error_code(province + VALID_NIK[2:]) == "nik_province"


@pytest.mark.parametrize("province", ["11", "31", "36", "51", "91", "96"])
def test_known_province_codes_pass(province):
    assert nik_error_code(province + VALID_NIK[2:]) is None


def test_zero_regency_code_is_refused():
    assert nik_error_code("3600014507900001") == "nik_region"


def test_zero_district_code_is_refused():
    assert nik_error_code("3601004507900001") == "nik_region"


@pytest.mark.parametrize(
    "birth",
    [
        "050790",  # man born 5 July 1990
        "450790",  # woman born 5 July 1990 (day + 40)
        "290200",  # 29 February (2000 was a leap year)
        "690296",  # woman born 29 February 1996
        "311299",  # 31 December
        "710101",  # woman born 31 January
        "010100",
    ],
)
def test_plausible_birth_dates_pass(birth):
    assert nik_error_code(f"360101{birth}0001") is None


@pytest.mark.parametrize(
    "birth",
    [
        "000790",  # day 0
        "320790",  # day 32
        "400790",  # day 40: neither a man's nor a woman's day
        "720790",  # woman, day 32
        "050090",  # month 0
        "051390",  # month 13
        "300290",  # 30 February
        "700290",  # woman, 30 February
        "310490",  # 31 April
    ],
)
def test_impossible_birth_dates_are_refused(birth):
    assert nik_error_code(f"360101{birth}0001") == "nik_birth_date"


def test_serial_0000_is_refused():
    assert nik_error_code("3601014507900000") == "nik_serial"


def test_error_message_is_in_indonesian():
    with pytest.raises(ValidationError) as raised:
        identity.validate_nik("123")
    assert raised.value.messages == ["NIK harus terdiri dari 16 angka."]


# --- Encryption at rest ----------------------------------------------------------------------


def test_encrypt_decrypt_round_trip():
    token = identity.encrypt(VALID_NIK)
    assert identity.decrypt(token) == VALID_NIK


def test_ciphertext_does_not_contain_the_nik_or_its_tail():
    token = identity.encrypt(VALID_NIK)
    assert VALID_NIK not in token
    assert VALID_NIK[-8:] not in token


def test_each_encryption_is_different():
    assert identity.encrypt(VALID_NIK) != identity.encrypt(VALID_NIK)


def test_empty_values_stay_empty():
    assert identity.encrypt("") == ""
    assert identity.decrypt("") == ""


def test_tampered_or_foreign_ciphertext_decrypts_to_empty():
    token = identity.encrypt(VALID_NIK)
    assert identity.decrypt(token[:-4] + "AAAA") == ""
    assert identity.decrypt("bukan-token") == ""


def test_configured_key_is_used_and_another_key_cannot_read(settings):
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    token = identity.encrypt(VALID_NIK)
    assert Fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode() == VALID_NIK
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    assert identity.decrypt(token) == ""


# --- Hashes ------------------------------------------------------------------------------------


def test_nik_hash_is_stable_and_distinguishes_niks():
    first = identity.nik_hash(VALID_NIK)
    assert first == identity.nik_hash(VALID_NIK)
    assert len(first) == 64 and int(first, 16) >= 0
    assert first != identity.nik_hash("3601014507900002")
    assert VALID_NIK not in first


def test_nik_hash_is_keyed_by_the_secret_key(settings):
    first = identity.nik_hash(VALID_NIK)
    settings.SECRET_KEY = "another-secret-for-this-test-only"
    assert identity.nik_hash(VALID_NIK) != first


def test_token_matches_only_the_right_token():
    stored = identity.token_hash("rahasia-pelacakan")
    assert identity.token_matches("rahasia-pelacakan", stored)
    assert not identity.token_matches("rahasia-pelacakan2", stored)
    assert not identity.token_matches("", stored)
    assert not identity.token_matches(None, stored)
    assert not identity.token_matches("rahasia-pelacakan", "")
    assert not identity.token_matches("rahasia-pelacakan", None)
