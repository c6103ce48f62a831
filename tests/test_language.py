import polib
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from requests_app.translations import catalogue_sources


def test_indonesian_by_default_even_when_the_browser_prefers_english(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert 'lang="id"' in response.content.decode()


def test_the_language_switch_chooses_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get("/")
    assert response["Content-Language"] == "en"


def test_english_pages_are_in_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    home = client.get("/").content.decode()
    calculator = client.get(reverse("due_date_calculator")).content.decode()

    assert "Ajukan permohonan" not in home
    assert "request" in home.lower()
    assert "working day" in calculator.lower()
    assert "hari kerja" not in calculator.lower()


def test_the_english_catalogue_is_complete_and_compiled():
    sources = catalogue_sources()
    english = [path for path in sources if path.parts[-3] == "en"]

    assert english, "no English catalogue"
    catalogue = polib.pofile(str(english[0]))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert english[0].with_suffix(".mo").exists()
    with translation.override("en"):
        assert translation.gettext("Bahasa Indonesia") == "Bahasa Indonesia"
        assert translation.gettext("Permohonan dicabut oleh pemohon") != (
            "Permohonan dicabut oleh pemohon"
        )
