"""scripts/backup.sh and scripts/restore.sh on a scratch PostgreSQL database: back up, wipe the
database and the media folder, restore, and get the same rows, the same registers (requests,
events, numbering, objections and disputes: checksum) and the same files back, still encrypted."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from requests_app.models import Dispute
from requests_app.services.objections import ObjectionInput, objection_file
from requests_app.services.workflow import request_route, request_verify
from requests_app.storage import MAGIC
from tests.reliability.conftest import database_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SCRIPTS = Path(settings.BASE_DIR) / "scripts"
BASH = shutil.which("bash") or "/bin/bash"
SCRATCH = f"ppid_backup_scratch_{os.getpid()}"
# The registers, in a stable order: what a restore must give back byte for byte.
REGISTER_QUERIES = (
    "SELECT registration_number, status, outcome, full_name, nik_ciphertext, due_on::text,"
    " received_at::text FROM requests_app_informationrequest ORDER BY id",
    "SELECT request_id, code, from_status, to_status, created_at::text, data::text"
    " FROM requests_app_requestevent ORDER BY id",
    "SELECT body_id, kind, year, last_value FROM requests_app_numbersequence ORDER BY id",
    # The objection register (domain.md C.4) and the disputes at the Komisi Informasi.
    "SELECT registration_number, request_id, status, ground_a, ground_b, ground_c, ground_d,"
    " ground_e, ground_f, ground_g, case_facts, representative_name, power_of_attorney,"
    " filed_at::text, received_on::text, filing_window_ends_on::text, is_late,"
    " atasan_due_on::text, decided_at::text, decision_reasons"
    " FROM requests_app_objection ORDER BY id",
    "SELECT objection_id, commission, ki_register_number, filed_on::text, stage, outcome"
    " FROM requests_app_dispute ORDER BY id",
)


def _url(name: str) -> str:
    return database_url().rsplit("/", 1)[0] + f"/{name}"


def _run(script: str, *args: str, db: str, media: Path) -> str:
    env = {**os.environ, "DATABASE_URL": _url(db), "MEDIA_ROOT": str(media)}
    done = subprocess.run(  # noqa: S603 - our own scripts
        [BASH, str(SCRIPTS / script), *args], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _admin(sql: str) -> None:
    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _tables(conn) -> list[str]:
    query = (
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = 'public' ORDER BY table_name"
    )
    return [row[0] for row in conn.execute(query)]


def _snapshot(db: str) -> dict:
    with psycopg.connect(_url(db)) as conn:
        tables = _tables(conn)
        counts = {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }
        digest = hashlib.sha256()
        for query in REGISTER_QUERIES:
            for row in conn.execute(query):
                digest.update(repr(row).encode())
    return {"counts": counts, "registers": digest.hexdigest()}


def _files(media: Path) -> dict[str, str]:
    return {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def scratch(submit, utama_officer, opd, tmp_path, settings):
    """A scratch database and media folder holding a small register with scans."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for i in range(5):
        scan = SimpleUploadedFile(f"ktp{i}.pdf", b"%PDF-1.4\n" + bytes([i]) * 64, "application/pdf")
        submitted = submit(identity_document=scan)
        request = submitted.request
        if i % 2:
            request_route(
                request=request_verify(request=request, actor=utama_officer),
                actor=utama_officer,
                unit=opd,
            )
        if i < 2:  # unanswered past the due date: objections on ground c, with a kuasa
            kuasa = SimpleUploadedFile(f"kuasa{i}.pdf", b"%PDF-1.4\nkuasa", "application/pdf")
            objection = objection_file(
                request=request,
                token=submitted.tracking_token,
                data=ObjectionInput(
                    ["c"], "Belum dijawab.", representative_name="Budi", power_of_attorney=kuasa
                ),
                now=timezone.now() + timedelta(days=40),
            )
    Dispute.objects.create(
        objection=objection,
        commission="Komisi Informasi Provinsi Banten",
        ki_register_number="001/KI-BTN/2026",
        filed_on=timezone.localdate(),
    )
    backups = tmp_path / "backups"
    # The scratch database starts as a restore of the test database.
    stamp = _run(
        "backup.sh", str(backups), db=connection.settings_dict["NAME"], media=settings.MEDIA_ROOT
    )
    _admin(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
    _admin(f'CREATE DATABASE "{SCRATCH}"')
    scratch_media = tmp_path / "scratch-media"
    _run("restore.sh", str(backups), stamp, db=SCRATCH, media=scratch_media)
    yield scratch_media
    _admin(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')


def test_backup_wipe_restore_gives_back_the_same_rows_registers_and_files(scratch, tmp_path):
    before, files_before = _snapshot(SCRATCH), _files(scratch)
    assert before["counts"]["requests_app_informationrequest"] == 5
    assert before["counts"]["requests_app_requestevent"] >= 9
    assert before["counts"]["requests_app_objection"] == 2
    assert before["counts"]["requests_app_dispute"] == 1
    # 5 KTP scans and 2 powers of attorney (encrypted), 2 objection receipt letters.
    assert len(files_before) == 9

    backups = tmp_path / "scratch-backups"
    stamp = _run("backup.sh", str(backups), db=SCRATCH, media=scratch)
    with psycopg.connect(_url(SCRATCH), autocommit=True) as conn:  # the disaster
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
        assert _tables(conn) == []
    shutil.rmtree(scratch)

    assert _run("restore.sh", str(backups), stamp, db=SCRATCH, media=scratch) == f"restored {stamp}"

    assert _snapshot(SCRATCH) == before
    assert _files(scratch) == files_before
    # Identity files stay ciphertext in the backup and after it (FIELD_ENCRYPTION_KEY reads them).
    with psycopg.connect(_url(SCRATCH)) as conn:
        identity_files = [
            name
            for (name,) in conn.execute(
                "SELECT identity_document FROM requests_app_informationrequest"
                " UNION ALL SELECT power_of_attorney FROM requests_app_objection"
            )
        ]
    assert len(identity_files) == 7
    assert all((scratch / name).read_bytes().startswith(MAGIC) for name in identity_files)


def test_restore_refuses_a_damaged_backup(scratch, tmp_path):
    backups = tmp_path / "scratch-backups"
    stamp = _run("backup.sh", str(backups), db=SCRATCH, media=scratch)
    with open(backups / f"db-{stamp}.dump", "ab") as dump:
        dump.write(b"\0")
    env = {**os.environ, "DATABASE_URL": _url(SCRATCH), "MEDIA_ROOT": str(scratch)}

    done = subprocess.run(  # noqa: S603 - our own script
        [BASH, str(SCRIPTS / "restore.sh"), str(backups), stamp],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode != 0 and "FAILED" in done.stdout + done.stderr
    assert _snapshot(SCRATCH)["counts"]["requests_app_informationrequest"] == 5  # untouched
