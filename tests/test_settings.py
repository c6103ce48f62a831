"""Settings are read strictly from the environment: each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
REAL_SECRET = "x7-real-secret-for-tests-" + "k" * 40
FERNET_KEY = "kM9bIL2wU8fQ0w6m7T9b0d1pVQx0hF6nW1Yk3zS5l2A="


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run `code` with a clean environment. Variables given here win over the project's `.env`."""
    clean = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "ppid.settings", **env}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


READ_SETTINGS = (
    "import json; from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps({'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE, 'engine': db['ENGINE'], "
    "'name': db['NAME'], 'host': db['HOST'], 'port': db['PORT'], 'debug': s.DEBUG}))"
)


def test_production_mode_refuses_to_start_without_secret_key():
    result = run_python(READ_SETTINGS, DEBUG="0", SECRET_KEY="", FIELD_ENCRYPTION_KEY=FERNET_KEY)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_refuses_the_insecure_development_key():
    result = run_python(
        READ_SETTINGS,
        DEBUG="0",
        SECRET_KEY="django-insecure-REPLACE-ME",
        FIELD_ENCRYPTION_KEY=FERNET_KEY,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_refuses_to_start_without_field_encryption_key():
    result = run_python(READ_SETTINGS, DEBUG="0", SECRET_KEY=REAL_SECRET, FIELD_ENCRYPTION_KEY="")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must be set" in result.stderr


def test_defaults_are_jakarta_time_and_indonesian():
    result = run_python(
        READ_SETTINGS, DEBUG="0", SECRET_KEY=REAL_SECRET, FIELD_ENCRYPTION_KEY=FERNET_KEY
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["tz"] == "Asia/Jakarta"
    assert values["lang"] == "id"
    assert values["debug"] is False


def test_database_url_selects_postgresql():
    result = run_python(
        READ_SETTINGS,
        DEBUG="1",
        DATABASE_URL="postgres://ppid:rahasia@db.internal:5433/ppid_prod",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert (values["name"], values["host"], values["port"]) == ("ppid_prod", "db.internal", 5433)


def test_deploy_checks_pass_with_a_production_environment():
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DEBUG": "0",
            "SECRET_KEY": REAL_SECRET,
            "FIELD_ENCRYPTION_KEY": FERNET_KEY,
            "ALLOWED_HOSTS": "ppid.example.go.id",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
