import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from requests_app.models import Role, UnitKind
from requests_app.services.requests import request_submit
from requests_app.translations import catalogues_compile
from requests_app.workdays import invalidate_calendars
from tests.factories import (
    MembershipFactory,
    PublicBodyFactory,
    UnitFactory,
    UserFactory,
    request_input,
)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need real concurrent connections, `redis_broker` a real broker and
    worker; the embedded-default run skips them (CI's second run has both)."""
    skips = {}
    if connection.vendor != "postgresql":
        skips["postgres"] = pytest.mark.skip(
            reason="needs PostgreSQL (DATABASE_URL=postgres://...)"
        )
    if not os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"):
        skips["redis_broker"] = pytest.mark.skip(reason="needs CELERY_BROKER_URL=redis://...")
    for item in items:
        for keyword, marker in skips.items():
            if keyword in item.keywords:
                item.add_marker(marker)


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """A fresh clone has only the .po sources; `make install` compiles them, a bare pytest too."""
    catalogues_compile()


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    # WhiteNoise warns (an error under filterwarnings) when STATIC_ROOT is missing: give it one.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Rate-limit counters live in the cache: a per-process one (never the shared Redis of a
    # CELERY_BROKER_URL=redis:// run, where parallel workers would count together), empty at start.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }
    cache.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    invalidate_calendars()
    from ppid.celery import app

    app.conf.task_always_eager = True
    yield
    invalidate_calendars()
    cache.clear()
    # A request through the test client leaves its language active in this thread (as in any
    # server thread, where the next request's middleware resets it): the next test starts fresh.
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def body(db):
    return PublicBodyFactory(
        code="36",
        slug="banten",
        name="Pemerintah Provinsi Banten",
        short_name="Prov. Banten",
        kind="province",
        registration_code="BANTEN",
    )


@pytest.fixture
def utama_unit(body):
    return UnitFactory(
        body=body,
        slug="diskominfo-sp",
        code="DISKOMINFO",
        short_name="Diskominfo SP",
        name="Dinas Komunikasi, Informatika, Statistik dan Persandian",
        kind=UnitKind.PPID_UTAMA,
    )


@pytest.fixture
def opd(body):
    return UnitFactory(
        body=body,
        slug="dindik",
        code="DINDIK",
        short_name="Dindik",
        name="Dinas Pendidikan dan Kebudayaan",
    )


@pytest.fixture
def other_opd(body):
    return UnitFactory(
        body=body, slug="dinkes", code="DINKES", short_name="Dinkes", name="Dinas Kesehatan"
    )


@pytest.fixture
def citizen(db):
    return UserFactory(username="warga", email="warga@example.org")


def _member(username, body, role, unit=None):
    user = UserFactory(username=username)
    MembershipFactory(user=user, body=body, unit=unit, role=role)
    return user


@pytest.fixture
def utama_officer(body, utama_unit):
    return _member("utama", body, Role.UTAMA_OFFICER, utama_unit)


@pytest.fixture
def opd_officer(body, opd):
    return _member("opd", body, Role.PELAKSANA_OFFICER, opd)


@pytest.fixture
def other_opd_officer(body, other_opd):
    return _member("opd-lain", body, Role.PELAKSANA_OFFICER, other_opd)


@pytest.fixture
def signer(body, utama_unit):
    return _member("penandatangan", body, Role.SIGNER, utama_unit)


@pytest.fixture
def atasan(body):
    return _member("atasan", body, Role.ATASAN)


@pytest.fixture
def supervisor(body):
    return _member("pengawas", body, Role.SUPERVISOR)


@pytest.fixture
def submit(body):
    """Submit a valid request to `body` (override fields with keyword arguments)."""

    def _submit(target=None, *, now=None, channel="web", **overrides):
        return request_submit(
            body=target or body, data=request_input(**overrides), channel=channel, now=now
        )

    return _submit


CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@pytest.fixture
def unreachable_broker():
    """Celery really publishing (not eager) to a broker that refuses connections."""
    from ppid.celery import app

    keys = ("broker_url", "broker_write_url", "broker_read_url", "broker_transport_options")
    saved = {key: app.conf[key] for key in (*keys, "task_always_eager")}

    def fresh_pools():
        # The producer pools are bound to the broker URL they were first built with.
        app._pool = None
        app.amqp._producer_pool = None

    # The read and write URLs are resolved from broker_url once: override them too.
    app.conf.update(
        broker_url=CLOSED_PORT_BROKER,
        broker_write_url=CLOSED_PORT_BROKER,
        broker_read_url=CLOSED_PORT_BROKER,
        broker_transport_options={},
        task_always_eager=False,
    )
    fresh_pools()
    yield app
    app.conf.update(saved)
    fresh_pools()
