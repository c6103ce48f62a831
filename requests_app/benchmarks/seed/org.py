"""The synthetic province the benchmark seeds: bodies, OPDs, officers and reference rows.

A handful of ORM inserts (hundreds of rows); the millions of requests are written by `writer`.
Every code, slug and username carries the run's tag, so a run never collides with real data and
`cleanup` finds exactly what it created.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from requests_app.models import (
    EXEMPTION_SUBITEMS,
    BodyKind,
    ConsequenceTest,
    DeadlinePolicy,
    DipItem,
    ExemptionLetter,
    InformationClass,
    Membership,
    PublicBody,
    Role,
    Tariff,
    Unit,
    UnitKind,
)

TAG_PREFIX = "bench"
OPD_NAMES = (
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Perhubungan",
    "Dinas Sosial",
    "Dinas Lingkungan Hidup",
    "Dinas Pertanian",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Badan Kepegawaian Daerah",
    "Inspektorat",
    "Satuan Polisi Pamong Praja",
    "Dinas Penanaman Modal dan PTSP",
    "Dinas Perindustrian dan Perdagangan",
)


@dataclass
class Person:
    user_id: int
    label: str  # what `record_event` writes as actor_label (full name or username)
    position: str = ""


@dataclass
class BodyOrg:
    body: PublicBody
    utama_unit: Unit
    opds: list[Unit]
    desk: Person  # PPID Utama officer: registers, verifies, routes, records objections
    signer: Person
    atasan: Person
    opd_officers: dict[int, Person] = field(default_factory=dict)
    tariff: Tariff | None = None
    tests: dict[str, ConsequenceTest] = field(default_factory=dict)
    dip_item: DipItem | None = None


@dataclass
class Org:
    tag: str
    bodies: list[BodyOrg]
    supervisor_id: int

    @property
    def province(self) -> BodyOrg:
        return self.bodies[0]

    @property
    def body_ids(self) -> list[int]:
        return [b.body.pk for b in self.bodies]


def _body(tag: str, index: int, parent: PublicBody | None) -> PublicBody:
    kind = BodyKind.PROVINCE if parent is None else (BodyKind.REGENCY, BodyKind.CITY)[index % 2]
    name = "Provinsi Uji Kinerja" if parent is None else f"Kabupaten/Kota Uji {index:02d}"
    return PublicBody.objects.create(
        code=f"{tag}-{index:02d}"[:20],
        slug=f"{tag}-{index:02d}",
        name=f"Pemerintah {name}",
        short_name=name[:60],
        kind=kind,
        parent=parent,
        registration_code=f"B{index:02d}",
        # Six digits: a million requests over a few years stay inside the format.
        registration_number_format="{seq:06d}/PPID/{code}/{year}",
        city="Kota Uji",
    )


def _units(body: PublicBody, count: int) -> tuple[Unit, list[Unit]]:
    utama = Unit(
        body=body,
        slug="ppid-utama",
        code="UTAMA",
        name="Dinas Komunikasi dan Informatika (PPID Utama)",
        short_name="PPID Utama",
        kind=UnitKind.PPID_UTAMA,
    )
    opds = [
        Unit(
            body=body,
            slug=f"opd-{i:03d}",
            code=f"OPD{i:03d}",
            name=f"{OPD_NAMES[i % len(OPD_NAMES)]} {i // len(OPD_NAMES) + 1}",
            short_name=f"OPD {i:03d}",
            kind=UnitKind.PELAKSANA,
        )
        for i in range(1, count + 1)
    ]
    created = Unit.objects.bulk_create([utama, *opds])
    return created[0], created[1:]


class _People:
    """Users and memberships, inserted with two bulk inserts at the end."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.users: list = []
        self.memberships: list[tuple[int, dict]] = []
        self.password = make_password(None)  # unusable: nobody logs in with these

    def add(self, first: str, last: str, **membership) -> int:
        user_model = get_user_model()
        index = len(self.users)
        self.users.append(
            user_model(
                username=f"{self.tag}-u{index:05d}",
                first_name=first,
                last_name=last,
                email=f"{self.tag}-u{index:05d}@bench.invalid",
                password=self.password,
            )
        )
        self.memberships.append((index, membership))
        return index

    def save(self) -> list:
        users = get_user_model().objects.bulk_create(self.users)
        Membership.objects.bulk_create(
            [Membership(user=users[index], **fields) for index, fields in self.memberships]
        )
        return users


def _person(user, position: str = "") -> Person:
    return Person(user.pk, user.get_full_name() or user.get_username(), position)


def _reference_rows(org: BodyOrg) -> None:
    body = org.body
    org.tariff = Tariff.objects.create(
        body=body, effective_from=date(2000, 1, 1), sk_reference="SK/TARIF/UJI", copy_per_page=500
    )
    tests = []
    for letter in ExemptionLetter.values:
        tests.append(
            ConsequenceTest(
                body=body,
                document=f"Dokumen uji huruf {letter}",
                exempted_part="Bagian yang memuat informasi dikecualikan",
                exemption_letter=letter,
                exemption_subitem=1 if EXEMPTION_SUBITEMS.get(letter) else None,
                other_statute="UU 27/2022 Pasal 4" if letter == "j" else "",
                harm_if_disclosed="Membuka informasi ini menimbulkan kerugian yang diuraikan.",
                public_interest_balance="Kepentingan yang dilindungi lebih besar.",
                decided_on=date(2000, 1, 3),
                decision_reference=f"SK/UK/{letter.upper()}/UJI",
                signed_by="PPID Uji",
            )
        )
    org.tests = {t.exemption_letter: t for t in ConsequenceTest.objects.bulk_create(tests)}
    org.dip_item = DipItem.objects.create(
        body=body,
        title="Laporan keuangan tahunan",
        summary="Laporan keuangan yang telah diaudit.",
        information_class=InformationClass.PERIODIC,
        link="https://example.invalid/dip/laporan-keuangan",
    )


def org_create(*, tag: str, bodies: int, units: int) -> Org:
    """One province and `bodies - 1` kabupaten/kota, each with a PPID Utama desk and `units` OPDs."""
    people = _People(tag)
    created: list[tuple[PublicBody, Unit, list[Unit], dict]] = []
    province = None
    for index in range(bodies):
        body = _body(tag, index, province)
        province = province or body
        utama, opds = _units(body, units)
        staff = {
            "desk": people.add(
                "Petugas", f"Utama {index:02d}", body=body, unit=utama, role=Role.UTAMA_OFFICER
            ),
            "signer": people.add(
                "Pejabat",
                f"PPID {index:02d}",
                body=body,
                unit=utama,
                role=Role.SIGNER,
                position="PPID Utama",
            ),
            "atasan": people.add(
                "Atasan",
                f"PPID {index:02d}",
                body=body,
                role=Role.ATASAN,
                position="Sekretaris Daerah",
            ),
            "opd": {
                opd.pk: people.add(
                    "Petugas", opd.short_name, body=body, unit=opd, role=Role.PELAKSANA_OFFICER
                )
                for opd in opds
            },
        }
        for opd in opds:
            people.add("Kepala", opd.short_name, body=body, unit=opd, role=Role.UNIT_HEAD)
        created.append((body, utama, opds, staff))
    supervisor = people.add("Pengawas", "Provinsi", body=province, role=Role.SUPERVISOR)
    users = people.save()
    orgs = []
    for body, utama, opds, staff in created:
        org = BodyOrg(
            body=body,
            utama_unit=utama,
            opds=opds,
            desk=_person(users[staff["desk"]]),
            signer=_person(users[staff["signer"]], "PPID Utama"),
            atasan=_person(users[staff["atasan"]], "Sekretaris Daerah"),
            opd_officers={pk: _person(users[i]) for pk, i in staff["opd"].items()},
        )
        _reference_rows(org)
        orgs.append(org)
    DeadlinePolicy.objects.bulk_create([DeadlinePolicy(body=o.body) for o in orgs])
    return Org(tag=tag, bodies=orgs, supervisor_id=users[supervisor].pk)


def org_load(tag: str) -> Org:
    """The organisation of a data set kept with `--keep`, found again by its tag."""
    bodies = list(PublicBody.objects.filter(slug__startswith=f"{tag}-").order_by("code"))
    members = Membership.objects.filter(body__in=bodies).select_related("user", "unit")
    by_body: dict[int, list[Membership]] = {}
    for m in members:
        by_body.setdefault(m.body_id, []).append(m)
    orgs, supervisor_id = [], None
    for body in bodies:
        units = list(Unit.objects.filter(body=body).order_by("code"))
        role = {(m.role, m.unit_id): m for m in by_body.get(body.pk, [])}
        utama = next(u for u in units if u.kind == UnitKind.PPID_UTAMA)
        opds = sorted((u for u in units if u.kind == UnitKind.PELAKSANA), key=lambda u: u.slug)
        supervisor = role.get((Role.SUPERVISOR, None))
        if supervisor is not None:
            supervisor_id = supervisor.user_id
        orgs.append(
            BodyOrg(
                body=body,
                utama_unit=utama,
                opds=opds,
                desk=_person(role[(Role.UTAMA_OFFICER, utama.pk)].user),
                signer=_person(
                    role[(Role.SIGNER, utama.pk)].user, role[(Role.SIGNER, utama.pk)].position
                ),
                atasan=_person(role[(Role.ATASAN, None)].user, role[(Role.ATASAN, None)].position),
                opd_officers={
                    o.pk: _person(role[(Role.PELAKSANA_OFFICER, o.pk)].user) for o in opds
                },
                tariff=Tariff.objects.filter(body=body).first(),
                tests={t.exemption_letter: t for t in ConsequenceTest.objects.filter(body=body)},
                dip_item=DipItem.objects.filter(body=body).first(),
            )
        )
    return Org(tag=tag, bodies=orgs, supervisor_id=supervisor_id)
