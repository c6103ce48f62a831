"""Demo installation: Provinsi Banten, two kabupaten/kota, one user per role and sample requests.

Idempotent: every row is found by its natural key before it is created, so running the command
again changes nothing. The data comes from `requests_app/fixtures_data/` (a copy of the shared demo
CSVs), never from outside the project.

Sample requests are registered through `request_submit` and then moved with the steps in `STEPS`.
Each step is one small function; when the richer services (routing, extension, notices) land,
a step's body becomes one call to that service and the scenarios stay as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from requests_app.lifecycle import request_transition
from requests_app.models import (
    AccessMethod,
    ApplicantType,
    BodyKind,
    Channel,
    CopyFormat,
    DeliveryMethod,
    InformationRequest,
    Membership,
    Outcome,
    PublicBody,
    Role,
    Status,
    Unit,
    UnitKind,
)
from requests_app.services.requests import RequestInput, request_submit
from requests_app.workdays import calendar_for

DATA_DIR = Path(__file__).resolve().parents[2] / "fixtures_data"
# Demo only: printed on every run, never use on a real installation.
DEMO_PASSWORD = "demo12345"  # noqa: S105
PROVINCE_CODE = "36"
JAKARTA = ZoneInfo("Asia/Jakarta")

# Two kabupaten/kota from banten_bodies.csv, each with its own PPID Utama desk and a few OPDs.
LOCAL_BODIES = {
    "3673": ("kota-serang", "Kota Serang", "KOTASERANG"),
    "3602": ("kab-lebak", "Kab. Lebak", "LEBAK"),
}
LOCAL_UNITS = [
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo", UnitKind.PPID_UTAMA),
    ("disdik", "Dinas Pendidikan", "Disdik", UnitKind.PELAKSANA),
    ("dinkes", "Dinas Kesehatan", "Dinkes", UnitKind.PELAKSANA),
    ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", UnitKind.PELAKSANA),
    ("dinsos", "Dinas Sosial", "Dinsos", UnitKind.PELAKSANA),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str | None  # None: a citizen, no membership
    body_code: str = PROVINCE_CODE
    unit_slug: str | None = None


DEMO_USERS = [
    DemoUser("utama", "Rina Utama", Role.UTAMA_OFFICER, unit_slug="diskominfo-sp"),
    DemoUser("pelaksana", "Budi Dindikbud", Role.PELAKSANA_OFFICER, unit_slug="dindikbud"),
    DemoUser("pelaksana2", "Dewi Dinkes", Role.PELAKSANA_OFFICER, unit_slug="dinkes"),
    DemoUser("penandatangan", "Agus Penandatangan", Role.SIGNER, unit_slug="diskominfo-sp"),
    DemoUser("atasan", "Hendra Atasan", Role.ATASAN),
    DemoUser("kepala", "Joko Kepala Dindikbud", Role.UNIT_HEAD, unit_slug="dindikbud"),
    DemoUser("pengawas", "Sri Pengawas", Role.SUPERVISOR),
    DemoUser("admin", "Admin PPID", Role.ADMINISTRATOR),
    DemoUser("utama-serang", "Yusuf Kota Serang", Role.UTAMA_OFFICER, "3673", "diskominfo"),
    DemoUser("utama-lebak", "Lina Lebak", Role.UTAMA_OFFICER, "3602", "diskominfo"),
    DemoUser("warga", "Siti Aminah", None),
]


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- Organisation -----------------------------------------------------------------------------


def seed_bodies() -> dict[str, PublicBody]:
    rows = {row["code"]: row for row in read_csv("banten_bodies.csv")}
    province, _ = PublicBody.objects.get_or_create(
        code=PROVINCE_CODE,
        defaults={
            "slug": "banten",
            "name": rows[PROVINCE_CODE]["name"],
            "short_name": "Prov. Banten",
            "kind": BodyKind.PROVINCE,
            "registration_code": "BANTEN",
            "address": "KP3B, Jl. Syekh Nawawi Al Bantani, Curug, Kota Serang",
            "city": "Serang",
            "email": "ppid@bantenprov.example",
        },
    )
    bodies = {PROVINCE_CODE: province}
    for code, (slug, short_name, registration_code) in LOCAL_BODIES.items():
        bodies[code], _ = PublicBody.objects.get_or_create(
            code=code,
            defaults={
                "slug": slug,
                "name": rows[code]["name"],
                "short_name": short_name,
                "kind": rows[code]["kind"],
                "parent": province,
                "registration_code": registration_code,
                "city": short_name.split(". ", 1)[-1],
            },
        )
    return bodies


def seed_units(bodies: dict[str, PublicBody]) -> None:
    province = bodies[PROVINCE_CODE]
    for row in read_csv("banten_province_units.csv"):
        ensure_unit(province, row["slug"], row["name"], row["short_name"], row["role"])
    for code in LOCAL_BODIES:
        for slug, name, short_name, kind in LOCAL_UNITS:
            ensure_unit(bodies[code], slug, name, short_name, kind)


def ensure_unit(body: PublicBody, slug: str, name: str, short_name: str, kind: str) -> Unit:
    unit, _ = Unit.objects.get_or_create(
        body=body,
        slug=slug,
        defaults={
            "code": slug.upper()[:30],
            "name": name,
            "short_name": short_name,
            "kind": kind,
        },
    )
    return unit


def seed_users(bodies: dict[str, PublicBody]) -> dict[str, object]:
    users = {}
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: the hasher is slow on purpose
    for spec in DEMO_USERS:
        user = ensure_user(spec, password_hash)
        if spec.role is not None:
            body = bodies[spec.body_code]
            unit = Unit.objects.get(body=body, slug=spec.unit_slug) if spec.unit_slug else None
            Membership.objects.get_or_create(user=user, body=body, unit=unit, role=spec.role)
        users[spec.username] = user
    return users


def ensure_user(spec: DemoUser, password_hash: str):
    first, _, last = spec.full_name.partition(" ")
    is_admin = spec.role == Role.ADMINISTRATOR
    user, _ = get_user_model().objects.get_or_create(
        username=spec.username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{spec.username}@demo.ppid.example",
            "is_staff": is_admin,
            "is_superuser": is_admin,
            "password": password_hash,
        },
    )
    return user


# --- Lifecycle steps (raw transitions for now; each becomes one service call later) -----------


@dataclass
class Ctx:
    """What a step needs: the acting officer, the body's units and the seeding time."""

    actor: object
    units: dict[str, Unit]
    now: datetime

    def day(self, request: InformationRequest, working_days: int) -> datetime:
        """10:00 on the n-th working day after the effective receipt date, never in the future."""
        calendar = calendar_for(request.body)
        when = calendar.add_working_days(request.effective_received_on, working_days)
        return min(datetime.combine(when, time(10, 0), tzinfo=JAKARTA), self.now)

    def days_taken(self, request: InformationRequest, until: datetime) -> int:
        calendar = calendar_for(request.body)
        return calendar.working_days_between(request.effective_received_on, until.date())


Step = Callable[[InformationRequest, Ctx], InformationRequest]


def move(request, ctx: Ctx, *, to: str, code: str, day: int, **kwargs) -> InformationRequest:
    """One raw transition `day` working days after receipt, by the PPID Utama officer."""
    kwargs.setdefault("actor", ctx.actor)
    return request_transition(
        request=request, to=to, code=code, now=ctx.day(request, day), **kwargs
    )


def start_processing(request: InformationRequest, ctx: Ctx) -> InformationRequest:
    return move(request, ctx, to=Status.IN_PROCESS, code="request.verified", day=1)


def route_to(unit_slug: str) -> Step:
    def route(request: InformationRequest, ctx: Ctx) -> InformationRequest:
        unit = ctx.units[unit_slug]
        changes = {"assigned_unit": unit}
        return move(request, ctx, to=Status.ROUTED, code="request.routed", day=1, changes=changes)

    return route


def extend(request: InformationRequest, ctx: Ctx) -> InformationRequest:
    # Pasal 22(8): one extension of at most 7 working days beyond the original 10.
    extended = calendar_for(request.body).add_working_days(request.effective_received_on, 17)
    return move(
        request,
        ctx,
        to=Status.EXTENDED,
        code="request.deadline.extended",
        day=8,
        note="Informasi tersebar di beberapa bidang dan perlu dihimpun.",
        changes={"extended_due_on": extended, "due_on": extended},
    )


def draft_notice(outcome: str) -> Step:
    def draft(request: InformationRequest, ctx: Ctx) -> InformationRequest:
        to, changes = Status.AWAITING_APPROVAL, {"outcome": outcome}
        return move(request, ctx, to=to, code="request.notice.drafted", day=5, changes=changes)

    return draft


def send_notice(request: InformationRequest, ctx: Ctx) -> InformationRequest:
    at = ctx.day(request, 6)
    changes = {"notice_sent_at": at, "working_days_to_notice": ctx.days_taken(request, at)}
    return move(
        request, ctx, to=Status.NOTIFIED, code="request.notice.sent", day=6, changes=changes
    )


def deliver(request: InformationRequest, ctx: Ctx) -> InformationRequest:
    at = ctx.day(request, 7)
    changes = {"delivered_at": at, "working_days_to_delivery": ctx.days_taken(request, at)}
    code = "request.information.delivered"
    return move(request, ctx, to=Status.DELIVERED, code=code, day=7, changes=changes)


def close(request: InformationRequest, ctx: Ctx) -> InformationRequest:
    changes = {"closed_at": ctx.day(request, 8)}
    return move(request, ctx, to=Status.CLOSED, code="request.closed", day=8, changes=changes)


def withdraw(request: InformationRequest, ctx: Ctx) -> InformationRequest:
    return move(
        request,
        ctx,
        to=Status.WITHDRAWN,
        code="request.withdrawn",
        day=2,
        actor=None,
        actor_label=request.full_name,
        note="Pemohon mencabut permohonan secara tertulis.",
        changes={"closed_at": ctx.day(request, 2)},
    )


def ask_completion(request: InformationRequest, ctx: Ctx) -> InformationRequest:
    note = "Salinan KTP belum dilampirkan."
    code = "request.completion.requested"
    return move(request, ctx, to=Status.AWAITING_COMPLETION, code=code, day=1, note=note)


GRANTED = Outcome.GRANTED_FULLY
SCENARIOS: dict[str, list[Step]] = {
    "registered": [],
    "awaiting_completion": [ask_completion],
    "in_process": [start_processing],
    "routed_dindikbud": [start_processing, route_to("dindikbud")],
    "routed_dinkes": [start_processing, route_to("dinkes")],
    "extended": [start_processing, route_to("dpupr"), extend],
    "awaiting_approval": [start_processing, draft_notice(Outcome.GRANTED_PARTLY)],
    "notified": [start_processing, draft_notice(GRANTED), send_notice],
    "delivered": [start_processing, draft_notice(GRANTED), send_notice, deliver],
    "closed": [start_processing, draft_notice(GRANTED), send_notice, deliver, close],
    "refused": [start_processing, draft_notice(Outcome.REFUSED_EXEMPT), send_notice, close],
    "not_held": [start_processing, draft_notice(Outcome.NOT_HELD), send_notice, close],
    "withdrawn": [withdraw],
}


# --- Sample requests ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    full_name: str
    information: str
    scenario: str
    received: date | int  # a fixed date, or that many days before today (open requests)
    channel: str = Channel.WEB
    email: str = ""  # most samples give a phone only, so seeding sends few receipt emails


W, L, E, P, D = Channel.WEB, Channel.LETTER, Channel.EMAIL, Channel.PHONE, Channel.WALK_IN
# fmt: off
SAMPLES = [
    Sample("Ahmad Fauzi", "Data jumlah SD per kecamatan 2024", "closed", date(2025, 1, 14)),
    Sample("Nur Aisyah", "Salinan DPA Dinas Kesehatan 2025", "refused", date(2025, 2, 18)),
    Sample("LBH Rakyat Banten", "Laporan realisasi dana BOS 2024", "closed", date(2025, 3, 11)),
    Sample("Rudi Hartono", "Peta rawan banjir Kabupaten Lebak", "not_held", date(2025, 4, 22)),
    Sample("Maya Sari", "Daftar penerima beasiswa daerah 2025", "delivered", date(2025, 5, 20)),
    Sample("Joko Susilo", "Rencana kerja Dinas PUPR 2025", "closed", date(2025, 6, 17), L),
    Sample("Fitri Handayani", "Jumlah nakes per puskesmas", "withdrawn", date(2025, 7, 15)),
    Sample("Hasan Basri", "Kontrak pengadaan alkes RSUD 2024", "refused", date(2025, 8, 12)),
    Sample("Yayasan Pantau Anggaran", "LKPD Provinsi Banten 2024", "closed", date(2025, 9, 9)),
    Sample("Dedi Kurniawan", "Data kecelakaan lalu lintas 2024", "notified", date(2025, 10, 14)),
    Sample("Lestari Wulandari", "Rekap pengaduan layanan kesehatan 2025", "delivered",
           date(2025, 11, 11), E, "lestari@example.org"),
    Sample("Bambang Irawan", "Daftar proyek jalan provinsi 2025", "closed", date(2025, 12, 9), D),
    Sample("Citra Dewi", "Anggaran makan bergizi di sekolah", "not_held", date(2026, 1, 13)),
    Sample("Eko Prasetyo", "Jadwal perawatan jembatan provinsi", "notified", date(2026, 2, 10)),
    Sample("Gita Permata", "Data stunting per kabupaten 2025", "closed", date(2026, 3, 10), W,
           "gita@example.org"),
    Sample("Irfan Hakim", "Izin lingkungan kawasan industri", "refused", date(2026, 4, 14)),
    Sample("Kartika Sari", "Jumlah guru honorer SMA/SMK 2026", "delivered", date(2026, 5, 12)),
    Sample("Lukman Hakim", "Laporan keuangan RSUD Banten 2025", "withdrawn", date(2026, 6, 9)),
    Sample("Mega Utami", "Realisasi belanja modal TW I 2026", "awaiting_approval", 9),
    Sample("Nanda Putra", "Data kualitas udara Kota Serang", "extended", 14, P),
    Sample("Oki Setiawan", "Daftar sekolah rusak berat 2026", "routed_dindikbud", 5),
    Sample("Putri Ayu", "Jumlah kasus DBD per bulan 2026", "routed_dinkes", 4, W, "putri@example.org"),
    Sample("Qori Rahman", "Rencana induk transportasi Banten", "in_process", 3),
    Sample("Rahmat Hidayat", "SK pengangkatan PPID Pelaksana", "awaiting_completion", 2),
    Sample("Sinta Maharani", "Data bantuan sosial tunai 2026", "registered", 1),
    Sample("Taufik Ismail", "Rekap pajak kendaraan bermotor 2026", "registered", 0, D),
]
# fmt: on


def sample_input(index: int, sample: Sample) -> RequestInput:
    legal_entity = sample.full_name.startswith(("LBH", "Yayasan"))
    return RequestInput(
        applicant_type=ApplicantType.LEGAL_ENTITY if legal_entity else ApplicantType.INDIVIDUAL,
        full_name=sample.full_name,
        # A well-formed NIK from Pandeglang (born 5 July 1990), a different serial per sample.
        nik="" if legal_entity else f"360101450790{index + 1:04d}",
        legal_entity_number=f"AHU-00{index:02d}.AH.01.04.Tahun 2020" if legal_entity else "",
        address=f"Jl. Contoh No. {index + 1}, Kota Serang",
        occupation="Lembaga swadaya masyarakat" if legal_entity else "Wiraswasta",
        phone=f"0812000{index:05d}",
        email=sample.email,
        information_requested=sample.information,
        purpose="Bahan kajian dan pemantauan kebijakan publik",
        access_method=AccessMethod.COPY,
        copy_format=CopyFormat.SOFTCOPY if sample.email else CopyFormat.HARDCOPY,
        delivery_method=DeliveryMethod.EMAIL if sample.email else DeliveryMethod.PICK_UP,
    )


def received_at(sample: Sample, today: date) -> datetime:
    day = (
        sample.received if isinstance(sample.received, date) else today - timedelta(sample.received)
    )
    return datetime.combine(day, time(9, 30), tzinfo=JAKARTA)


def seed_requests(body: PublicBody, users: dict[str, object], now: datetime) -> int:
    """Register the samples that do not exist yet and play their scenario. Returns how many."""
    units = {unit.slug: unit for unit in body.units.all()}
    ctx = Ctx(actor=users["utama"], units=units, now=now)
    today = timezone.localdate(now, JAKARTA)
    created = 0
    for index, sample in enumerate(SAMPLES):
        exists = InformationRequest.objects.filter(
            body=body, full_name=sample.full_name, information_requested=sample.information
        ).exists()
        if not exists:
            at = min(received_at(sample, today), now)
            seed_request(body, index, sample, ctx, at=at)
            created += 1
    return created


@transaction.atomic
def seed_request(body: PublicBody, index: int, sample: Sample, ctx: Ctx, *, at: datetime) -> None:
    offline = sample.channel != Channel.WEB
    submitted = request_submit(
        body=body,
        data=sample_input(index, sample),
        channel=sample.channel,
        recorded_by=ctx.actor if offline else None,
        received_at=at,
        now=at,
    )
    request = submitted.request
    for step in SCENARIOS[sample.scenario]:
        request = step(request, ctx)


# --- Command --------------------------------------------------------------------------------


class Command(BaseCommand):
    help = "Load the Banten demo installation (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            bodies = seed_bodies()
            seed_units(bodies)
            users = seed_users(bodies)
        created = seed_requests(bodies[PROVINCE_CODE], users, timezone.now())
        call_command("seed_monev_indicators", stdout=self.stdout)
        self.stdout.write(f"Data demo siap ({created} permohonan contoh baru).")
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"Akun demo (kata sandi semuanya: {DEMO_PASSWORD}, hanya untuk demo):")
        for spec in DEMO_USERS:
            role = Role(spec.role).label if spec.role else "Pemohon (warga)"
            where = spec.unit_slug or ""
            self.stdout.write(f"  {spec.username:<14} {role} {where}".rstrip())
