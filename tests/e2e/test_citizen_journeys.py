"""Journeys 1 and 5 of issue 9: a citizen on a phone submits a request and tracks it; bad input is
reported at the fields and nothing typed is lost. Journey 1 is also completed with the keyboard."""

from __future__ import annotations

import re

import pytest

from requests_app.models import InformationRequest
from tests.e2e.conftest import field
from tests.factories import VALID_NIK

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INFORMATION = "Daftar penerima beasiswa SMA tahun 2025 per kabupaten."
PURPOSE = "Bahan liputan pendidikan."


def fill_valid_form(page) -> None:
    page.get_by_role("radio", name="Perorangan").check()
    field(page, "Nama lengkap").fill("Siti Aminah")
    field(page, "NIK").fill(VALID_NIK)
    field(page, "Alamat").fill("Jl. Veteran No. 1, Serang")
    field(page, "Pekerjaan").fill("Wartawan")
    field(page, "Email").fill("siti@example.org")
    field(page, "Rincian informasi yang dibutuhkan").fill(INFORMATION)
    field(page, "Tujuan penggunaan informasi").fill(PURPOSE)
    page.get_by_role("radio", name="Mendapatkan salinan").check()
    field(page, "Bentuk salinan").select_option(label="Softcopy (elektronik)")
    field(page, "Cara mendapatkan salinan").select_option(label="Email")
    page.get_by_label("Saya menyatakan data di atas benar", exact=False).check()


def test_citizen_on_a_phone_submits_and_opens_the_tracking_link(live_server, phone, journey, body):
    page = phone
    page.goto(live_server.url)
    journey.step(page, "home")

    page.get_by_role("main").get_by_role("link", name="Ajukan permohonan").click()
    page.get_by_role("heading", name="Formulir permohonan informasi publik").wait_for()
    journey.step(page, "empty form")

    fill_valid_form(page)
    journey.step(page, "filled form")
    page.get_by_role("button", name="Kirim permohonan").click()

    page.get_by_role("heading", name="Tanda bukti permohonan informasi").wait_for()
    number = InformationRequest.objects.get().registration_number
    assert page.get_by_text(number, exact=True).is_visible()
    journey.step(page, "receipt")

    page.get_by_role("link", name=re.compile(r"lacak.*token=")).click()
    page.get_by_role("heading", name=f"Permohonan {number}").wait_for()
    assert "token=" not in page.url  # the token becomes a session grant and leaves the address
    assert page.get_by_text(INFORMATION).is_visible()
    journey.step(page, "tracking page")


def test_bad_input_is_shown_at_the_fields_and_typed_values_stay(live_server, phone, journey, body):
    page = phone
    page.goto(f"{live_server.url}/permohonan/baru/{body.slug}/")
    page.get_by_role("radio", name="Perorangan").check()
    field(page, "Nama lengkap").fill("Siti Aminah")
    field(page, "NIK").fill("12345")
    field(page, "Rincian informasi yang dibutuhkan").fill(INFORMATION)
    page.get_by_role("button", name="Kirim permohonan").click()

    summary = page.get_by_role("alert").filter(has_text="Ada isian yang perlu diperbaiki")
    summary.wait_for()
    journey.step(page, "errors")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert not InformationRequest.objects.exists()

    # Values typed before the failed submit are still there.
    assert field(page, "Nama lengkap").input_value() == "Siti Aminah"
    assert field(page, "NIK").input_value() == "12345"
    assert field(page, "Rincian informasi yang dibutuhkan").input_value() == INFORMATION
    assert page.get_by_role("radio", name="Perorangan").is_checked()

    # Each summary entry links to its field, and the field names its error for screen readers.
    links = summary.get_by_role("link")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "#id_nik" in targets
    assert "#id_purpose" in targets
    for target in ("id_nik", "id_purpose", "id_declaration"):
        described_by = page.locator(f"#{target}").get_attribute("aria-describedby") or ""
        assert f"{target}_error" in described_by.split(), target
        assert page.locator(f"#{target}_error").is_visible()
    summary.get_by_role("link", name=re.compile("^NIK")).click()
    assert page.evaluate("document.activeElement.id") == "id_nik"

    # Fix the form and send it: the request is registered.
    field(page, "NIK").fill(VALID_NIK)
    fill_valid_form(page)
    page.get_by_role("button", name="Kirim permohonan").click()
    page.get_by_role("heading", name="Tanda bukti permohonan informasi").wait_for()
    journey.step(page, "receipt after fixing")
    assert InformationRequest.objects.get().full_name == "Siti Aminah"


FOCUSED = """() => {
    const e = document.activeElement;
    return {id: e.id, tag: e.tagName.toLowerCase(), href: e.getAttribute("href") || "",
            text: (e.innerText || e.value || "").trim().slice(0, 80)};
}"""


def tab_to(page, matches, *, key: str = "Tab", limit: int = 150) -> list[dict]:
    """Press Tab (or Shift+Tab) until the focused element matches; returns every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press(key)
        stops.append(page.evaluate(FOCUSED))
        if matches(stops[-1]):
            return stops
    raise AssertionError(f"never reached with {key}; focus went through {stops}")


def by_id(element_id: str):
    return lambda focused: focused["id"] == element_id


def test_keyboard_only_citizen_submits_and_tracks(live_server, phone, journey, body):
    page = phone
    page.goto(live_server.url)

    # The first Tab stop is the skip link, and it moves focus to the main content.
    assert tab_to(page, lambda f: True, limit=1)[0]["text"] == "Langsung ke konten utama"
    journey.step(page, "skip link focused", axe=False)
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == "main"

    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Ajukan permohonan")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Formulir permohonan informasi publik").wait_for()

    visited = tab_to(page, by_id("id_applicant_type_0"))
    page.keyboard.press("Space")
    answers = [
        ("id_full_name", "Siti Aminah"),
        ("id_nik", VALID_NIK),
        ("id_address", "Jl. Veteran No. 1, Serang"),
        ("id_occupation", "Wartawan"),
        ("id_email", "siti@example.org"),
        ("id_information_requested", INFORMATION),
        ("id_purpose", PURPOSE),
    ]
    for element_id, text in answers:
        visited += tab_to(page, by_id(element_id))
        page.keyboard.type(text)
    # Shift+Tab walks back in the same order.
    assert tab_to(page, lambda f: f["id"], key="Shift+Tab")[-1]["id"] == "id_information_requested"
    visited += tab_to(page, by_id("id_access_method_0"))
    page.keyboard.press("Space")  # "melihat": the copy options disappear from the tab order
    visited += tab_to(page, by_id("id_declaration"))
    page.keyboard.press("Space")
    journey.step(page, "form completed with the keyboard", axe=False)
    visited += tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Kirim permohonan")
    assert "id_copy_format" not in {stop["id"] for stop in visited}

    # Focus follows the visual order of the form.
    expected = ["id_applicant_type_0", *(element_id for element_id, _ in answers)]
    first_visits = dict.fromkeys(stop["id"] for stop in visited if stop["id"] in expected)
    assert list(first_visits) == expected

    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Tanda bukti permohonan informasi").wait_for()
    journey.step(page, "receipt")
    tab_to(page, lambda f: "token=" in f["href"])
    page.keyboard.press("Enter")
    number = InformationRequest.objects.get().registration_number
    page.get_by_role("heading", name=f"Permohonan {number}").wait_for()
    journey.step(page, "tracking page")
    assert InformationRequest.objects.get().access_method == "melihat"
