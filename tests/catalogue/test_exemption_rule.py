import pytest

from requests_app.admin_catalogue import ConsequenceTestForm
from requests_app.services.catalogue import exemption_basis_errors


@pytest.mark.parametrize("letter", ["a", "c", "e", "f", "h"])
def test_letters_with_sub_items_need_one(letter):
    errors = exemption_basis_errors(letter=letter, subitem=None)
    assert list(errors) == ["exemption_subitem"]


@pytest.mark.parametrize(("letter", "last"), [("a", 5), ("c", 7), ("e", 7), ("f", 4), ("h", 5)])
def test_sub_item_must_be_within_the_letters_range(letter, last):
    assert exemption_basis_errors(letter=letter, subitem=last) == {}
    assert "exemption_subitem" in exemption_basis_errors(letter=letter, subitem=last + 1)
    assert "exemption_subitem" in exemption_basis_errors(letter=letter, subitem=0)


@pytest.mark.parametrize("letter", ["b", "d", "g", "i"])
def test_letters_without_sub_items_refuse_one(letter):
    assert exemption_basis_errors(letter=letter, subitem=None) == {}
    assert "exemption_subitem" in exemption_basis_errors(letter=letter, subitem=1)


def test_letter_j_needs_the_other_statute():
    errors = exemption_basis_errors(letter="j", subitem=None, other_statute="  ")
    assert list(errors) == ["other_statute"]
    cited = exemption_basis_errors(
        letter="j", subitem=None, other_statute="UU 27/2022 tentang PDP Pasal 4"
    )
    assert cited == {}


def test_unknown_letter_is_an_error():
    assert list(exemption_basis_errors(letter="k", subitem=None)) == ["exemption_letter"]


def _form_data(body, **overrides):
    values = {
        "body": body.pk,
        "document": "Data kepegawaian",
        "exempted_part": "Riwayat kesehatan",
        "exemption_letter": "h",
        "exemption_subitem": "2",
        "other_statute": "",
        "harm_if_disclosed": "Mengungkap rahasia pribadi",
        "public_interest_balance": "Tidak ada kepentingan publik yang lebih besar",
        "exemption_period": "Permanen",
        "decided_on": "2025-02-03",
        "decision_reference": "SK/PPID/1/2025",
        "signed_by": "PPID Utama",
        "is_published": "on",
    }
    values.update(overrides)
    return values


def test_admin_form_accepts_a_complete_citation(body):
    form = ConsequenceTestForm(data=_form_data(body))
    assert form.is_valid(), form.errors


def test_admin_form_reports_missing_sub_item_on_its_field(body):
    form = ConsequenceTestForm(data=_form_data(body, exemption_subitem=""))
    assert not form.is_valid()
    assert "1-5" in form.errors["exemption_subitem"][0]


def test_admin_form_requires_other_statute_for_letter_j(body):
    form = ConsequenceTestForm(data=_form_data(body, exemption_letter="j", exemption_subitem=""))
    assert not form.is_valid()
    assert list(form.errors) == ["other_statute"]


def test_admin_form_refuses_a_unit_of_another_body(body):
    from tests.factories import UnitFactory

    foreign = UnitFactory()
    form = ConsequenceTestForm(data=_form_data(body, unit=foreign.pk))
    assert not form.is_valid()
    assert list(form.errors) == ["unit"]
