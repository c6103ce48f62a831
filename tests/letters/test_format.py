from pathlib import Path

import pytest
from django.conf import settings

from requests_app.templatetags.ppid_format import rupiah


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(0, "Rp0"), (500, "Rp500"), (15000, "Rp15.000"), (1234567, "Rp1.234.567"), (None, "")],
)
def test_rupiah_groups_thousands_with_dots(amount, expected):
    assert rupiah(amount) == expected


def test_letter_templates_never_switch_autoescape_off():
    assert settings.TEMPLATES[0]["OPTIONS"].get("autoescape", True) is True
    for template in (Path(settings.BASE_DIR) / "templates" / "letters").glob("*.html"):
        source = template.read_text()
        assert "|safe" not in source and "autoescape off" not in source, template.name
