"""What happens to each synthetic request, and when: a list of `Step`s in plausible proportions.

Proportions (of requests whose story is complete; recent ones stop at `now`, so every open state
appears): ~6% flagged incomplete (40% of those lapse), ~2.5% withdrawn, ~1.5% never answered,
~70% routed to an OPD, ~9% extended, ~7% answered late; outcomes ~62% granted fully, 8% partly,
6% already in the DIP, 8% refused under Pasal 17, 7% not held, 4% not yet documented; objections
on ~12% of refusals and partial grants, ~10% of late answers, ~15% of unanswered requests and
~1.5% of grants; ~35% of objections upheld; ~20% of rejected ones go to the Komisi Informasi.
Times are office hours in the body's time zone, dates are working days from its calendar.
"""

from __future__ import annotations

import random
from bisect import bisect
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

from requests_app import identity
from requests_app.benchmarks.seed.org import BodyOrg
from requests_app.benchmarks.seed.replay import Step
from requests_app.models import (
    EXEMPTION_SUBITEMS,
    AccessMethod,
    ApplicantType,
    Channel,
    CopyFormat,
    DeliveryMethod,
    DisputeOutcome,
    Outcome,
)

UTC = ZoneInfo("UTC")
CHANNELS = (
    (Channel.WEB, 55),
    (Channel.EMAIL, 12),
    (Channel.WALK_IN, 15),
    (Channel.LETTER, 10),
    (Channel.PHONE, 5),
    (Channel.SOCIAL_MEDIA, 2),
    (Channel.FAX, 1),
)
OUTCOMES = (
    (Outcome.GRANTED_FULLY, 62),
    (Outcome.GRANTED_PARTLY, 8),
    (Outcome.ALREADY_AVAILABLE, 6),
    (Outcome.REFUSED_EXEMPT, 8),
    (Outcome.NOT_HELD, 7),
    (Outcome.NOT_YET_DOCUMENTED, 4),
)
EXEMPTION_LETTERS = "aaabceehhhij"  # law enforcement, personal data and internal memos dominate
SUBJECTS = (
    "Salinan DPA {opd} tahun anggaran {year}",
    "Laporan realisasi anggaran {opd} tahun {year}",
    "Daftar penerima bantuan sosial {opd} tahun {year}",
    "Dokumen kontrak pengadaan jalan {opd} tahun {year}",
    "Data jumlah tenaga honorer {opd} tahun {year}",
    "Rencana strategis {opd} {year}-{next}",
    "Hasil audit Inspektorat atas {opd} tahun {year}",
    "Izin lingkungan yang diterbitkan {opd} tahun {year}",
)
PURPOSES = (
    "Penelitian skripsi",
    "Pengawasan anggaran oleh LSM",
    "Bahan pemberitaan",
    "Kepentingan usaha",
    "Advokasi masyarakat desa",
)
FIRST_NAMES = ("Siti", "Budi", "Agus", "Dewi", "Rahmat", "Nur", "Eko", "Ani", "Yusuf", "Lina")
LAST_NAMES = ("Aminah", "Santoso", "Hidayat", "Lestari", "Saputra", "Wati", "Nugroho", "Rahma")
OCCUPATIONS = ("Mahasiswa", "Wartawan", "Wiraswasta", "Peneliti", "Pegawai swasta", "Petani")


_CUMULATIVE: dict[tuple, tuple[tuple, list[float]]] = {}


def _pick(rng: random.Random, weighted: tuple) -> object:
    """A weighted choice; the cumulative weights of each table are computed once."""
    table = _CUMULATIVE.get(weighted)
    if table is None:
        values, weights = zip(*weighted, strict=True)
        table = _CUMULATIVE[weighted] = (values, list(accumulate(weights)))
    values, cumulative = table
    return values[bisect(cumulative, rng.random() * cumulative[-1])]


def _between(rng: random.Random, low: int, high: int) -> int:
    """`randint` without its argument checks (it is called millions of times)."""
    return low + int(rng.random() * (high - low + 1))


def _nik(rng: random.Random) -> str:
    day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
    return f"36{rng.randint(1, 9):02d}{rng.randint(1, 20):02d}{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}{rng.randint(1, 9999):04d}"


def applicant_pool(rng: random.Random, size: int) -> list[dict]:
    """Repeat applicants, as in real registers; their NIKs are encrypted once, not per request."""
    pool = []
    for index in range(size):
        kind = _pick(
            rng,
            (
                (ApplicantType.INDIVIDUAL, 85),
                (ApplicantType.LEGAL_ENTITY, 12),
                (ApplicantType.GROUP, 3),
            ),
        )
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {index}"
        nik = "" if kind == ApplicantType.LEGAL_ENTITY else _nik(rng)
        applicant = {
            "applicant_type": kind,
            "full_name": f"Yayasan {name}" if kind == ApplicantType.LEGAL_ENTITY else name,
            "nik_ciphertext": identity.encrypt(nik),
            "nik_hash": identity.nik_hash(nik) if nik else "",
            "nik_last4": nik[-4:],
            "legal_entity_number": f"AHU-{index:05d}.AH.01.04" if not nik else "",
            "address": f"Jl. Uji Kinerja No. {index}, Kota Uji",
            "occupation": rng.choice(OCCUPATIONS),
            "phone": f"08{rng.randint(10**9, 10**10 - 1)}",
            "email": f"pemohon{index}@example.org" if rng.random() < 0.85 else "",
        }
        if kind == ApplicantType.GROUP:
            rep_nik = _nik(rng)
            applicant.update(
                representative_name=f"Kuasa {name}",
                representative_nik_ciphertext=identity.encrypt(rep_nik),
                representative_nik_last4=rep_nik[-4:],
                representative_address=applicant["address"],
                representative_contact=applicant["phone"],
            )
        pool.append(applicant)
    return pool


class Timeline:
    """Moments of a request's story: working day `n` after a date, at an office hour, each
    strictly after the previous one (as the services' `now` would be)."""

    def __init__(self, rng: random.Random, calendar, zone: ZoneInfo, start: datetime) -> None:
        self.rng, self.calendar, self.zone, self.last = rng, calendar, zone, start

    def at(self, day: date, *, hour: int | None = None) -> datetime:
        if hour is None:
            minutes = _between(self.rng, 8 * 60, 15 * 60 + 30)
        else:
            minutes = hour * 60 + _between(self.rng, 0, 29)
        local = datetime.combine(day, time(minutes // 60, minutes % 60), self.zone)
        moment = local.astimezone(UTC)
        if moment <= self.last:
            moment = self.last + timedelta(minutes=_between(self.rng, 5, 90))
        self.last = moment
        return moment

    def after(self, base: date, low: int, high: int) -> datetime:
        return self.at(self.calendar.add_working_days(base, _between(self.rng, low, high)))

    def today(self) -> date:
        return self.last.astimezone(self.zone).date()


class Planner:
    """Chooses each request's applicant, subject and story."""

    def __init__(
        self, rng: random.Random, pool_size: int = 3000, applicants: list[dict] | None = None
    ) -> None:
        self.rng = rng
        self.applicants = applicants if applicants is not None else applicant_pool(rng, pool_size)

    def received_at(self, day: date, zone: ZoneInfo) -> tuple[datetime, str]:
        rng = self.rng
        channel = _pick(rng, CHANNELS)
        weekend = day.weekday() >= 5
        if weekend and channel not in (Channel.WEB, Channel.EMAIL):
            channel = Channel.WEB
        if channel in (Channel.WEB, Channel.EMAIL, Channel.SOCIAL_MEDIA):
            minutes = _between(rng, 6 * 60, 23 * 60 + 59)  # online: also evenings
        else:
            minutes = _between(rng, 8 * 60, 15 * 60 + 45)
        local = datetime.combine(day, time(minutes // 60, minutes % 60, _between(rng, 0, 59)), zone)
        return local.astimezone(UTC), channel

    def request_row(self, org: BodyOrg, channel: str, year: int) -> dict:
        """The form fields `request_submit` stores (before number and clock)."""
        rng = self.rng
        applicant = rng.choice(self.applicants)
        access = AccessMethod.VIEW if rng.random() < 0.2 else AccessMethod.COPY
        copy_format = delivery = ""
        if access == AccessMethod.COPY:
            copy_format = CopyFormat.HARDCOPY if rng.random() < 0.2 else CopyFormat.SOFTCOPY
            if copy_format == CopyFormat.SOFTCOPY and applicant["email"]:
                delivery = DeliveryMethod.EMAIL
            else:
                delivery = rng.choice((DeliveryMethod.PICK_UP, DeliveryMethod.POST))
        opd = rng.choice(org.opds)
        subject = rng.choice(SUBJECTS).format(opd=opd.name, year=year - 1, next=year + 3)
        return {
            **applicant,
            "channel": channel,
            "tracking_token_hash": f"{rng.getrandbits(256):064x}",
            "information_requested": subject,
            "purpose": rng.choice(PURPOSES),
            "access_method": access,
            "copy_format": copy_format,
            "delivery_method": delivery,
            "recorded_by_id": None if channel == Channel.WEB else org.desk.user_id,
            "assigned_unit_id": None,
        }

    # --- the story ---------------------------------------------------------------------------
    def steps(self, org: BodyOrg, calendar, received_at: datetime, request: dict) -> list[Step]:
        rng, zone = self.rng, ZoneInfo(org.body.time_zone)
        line = Timeline(rng, calendar, zone, received_at)
        effective = calendar.effective_receipt_date(
            received_at, time_zone=org.body.time_zone, closes_at=org.body.office_closes_at
        )
        steps = [Step("submit", received_at)]
        if rng.random() < 0.06 and not self._incomplete(line, effective, steps):
            return steps
        if rng.random() < 0.025:
            steps.append(
                Step("withdraw", line.after(effective, 1, 8), {"reason": "Tidak lagi diperlukan"})
            )
            return steps
        steps.append(Step("verify", line.after(effective, 0, 1)))
        if rng.random() < 0.7:
            steps.append(Step("route", line.after(line.today(), 0, 1), {"unit": self._unit(org)}))
        if rng.random() < 0.015:
            return self._unanswered(org, line, calendar, effective, steps)
        notice = self._answer(org, line, effective, steps, request)
        self._after_notice(org, line, steps, notice, request)
        return steps

    def _unit(self, org: BodyOrg):
        # A few large OPDs get most requests (education, health, public works...).
        index = min(int(self.rng.expovariate(1 / 6)), len(org.opds) - 1)
        return org.opds[index]

    def _incomplete(self, line: Timeline, effective: date, steps: list[Step]) -> bool:
        """Flag incomplete; True when the applicant completes, False when the window lapses."""
        rng, calendar = self.rng, line.calendar
        steps.append(
            Step("flag_incomplete", line.after(effective, 0, 1), {"missing": "Salinan KTP"})
        )
        completion_due = calendar.add_working_days(line.today(), 3)
        if rng.random() < 0.4:
            # The daily job closes it on the first night after the completion window.
            steps.append(
                Step("close_incomplete", line.at(completion_due + timedelta(days=1), hour=0))
            )
            return False
        steps.append(Step("complete", line.after(line.today(), 1, 3)))
        return True

    def _unanswered(self, org, line, calendar, effective, steps) -> list[Step]:
        """No written notice, ever: the overdue queue, escalations and objection ground c."""
        if self.rng.random() < 0.15:
            due = calendar.add_working_days(effective, 10)
            self._objection(org, line, steps, due, ["c"], None)
        return steps

    def _answer(self, org: BodyOrg, line: Timeline, effective: date, steps, request) -> dict:
        rng = self.rng
        due_day = 10
        if rng.random() < 0.09:
            steps.append(
                Step(
                    "extend",
                    line.after(effective, 6, 10),
                    {"reason": "Informasi tersebar di beberapa bidang"},
                )
            )
            due_day = 17
        if rng.random() < 0.07:
            day = due_day + _between(rng, 1, 15)
        else:
            day = max(1, min(due_day, round(rng.triangular(1, due_day, 6))))
        notice_day = line.calendar.add_working_days(effective, day)
        notice = self._notice(org, request)
        steps.append(Step("draft", line.at(max(notice_day, line.today())), notice))
        steps.append(Step("approve", line.at(line.today())))
        return {**notice, "_late": day > due_day}

    def _notice(self, org: BodyOrg, request: dict) -> dict:
        """`NoticeInput` fields for a random outcome, valid as `notice_input_errors` wants them."""
        rng = self.rng
        outcome = _pick(rng, OUTCOMES)
        notice: dict = {"outcome": outcome}
        if outcome in (Outcome.GRANTED_FULLY, Outcome.GRANTED_PARTLY):
            notice.update(
                material_description="Salinan dokumen sesuai permohonan",
                provision_days=_between(rng, 1, 5),
                copy_format=request["copy_format"],
                medium="Email" if request["copy_format"] == CopyFormat.SOFTCOPY else "",
                pages=_between(rng, 5, 80) if request["copy_format"] == CopyFormat.HARDCOPY else 0,
            )
        if outcome in (Outcome.GRANTED_PARTLY, Outcome.REFUSED_EXEMPT):
            letter = rng.choice(EXEMPTION_LETTERS)
            notice.update(
                exemption_letter=letter,
                exemption_subitem=1 if EXEMPTION_SUBITEMS.get(letter) else None,
                other_statute="UU 27/2022 Pasal 4" if letter == "j" else "",
                consequence_test=org.tests[letter],
            )
        if outcome == Outcome.GRANTED_PARTLY:
            notice.update(
                withheld_description="Data pribadi penerima",
                redaction_explanation="NIK dan alamat dihitamkan",
            )
        if outcome == Outcome.ALREADY_AVAILABLE:
            notice["dip_item"] = org.dip_item
        if outcome == Outcome.NOT_HELD:
            notice["holding_body_name"] = "Kementerian Dalam Negeri"
        if outcome == Outcome.NOT_YET_DOCUMENTED:
            notice["explanation"] = "Dokumen masih disusun"
        return notice

    def _after_notice(self, org, line: Timeline, steps, notice: dict, request: dict) -> None:
        rng = self.rng
        outcome = notice["outcome"]
        granted = outcome in (
            Outcome.GRANTED_FULLY,
            Outcome.GRANTED_PARTLY,
            Outcome.ALREADY_AVAILABLE,
        )
        notified_on = line.today()
        if granted:
            if notice.get("pages") and notice.get("copy_format") == CopyFormat.HARDCOPY:
                steps.append(Step("pay", line.after(notified_on, 1, 5), {"reference": "BKT-UJI"}))
            steps.append(Step("deliver", line.after(line.today(), 0, 3)))
            if rng.random() < 0.9:
                steps.append(Step("close", line.after(line.today(), 0, 5)))
        elif rng.random() < 0.85:
            steps.append(Step("close", line.after(notified_on, 1, 5)))
        grounds = self._grounds(outcome, notice.pop("_late", False))
        if grounds:
            trigger = line.today() if granted else notified_on
            self._objection(org, line, steps, trigger, grounds, notice)

    def _grounds(self, outcome: str, late: bool) -> list[str]:
        rng = self.rng
        if late and rng.random() < 0.1:
            return ["g"]
        if outcome in (Outcome.REFUSED_EXEMPT, Outcome.GRANTED_PARTLY):
            return ["a"] if rng.random() < 0.12 else []
        if outcome in (Outcome.NOT_HELD, Outcome.NOT_YET_DOCUMENTED):
            return ["e"] if rng.random() < 0.12 else []
        return [rng.choice("def")] if rng.random() < 0.015 else []

    def _objection(self, org, line: Timeline, steps, trigger: date, grounds, notice) -> None:
        rng, calendar = self.rng, line.calendar
        late_filing = rng.random() < 0.05
        filed = line.after(trigger, 31, 40) if late_filing else line.after(trigger, 2, 25)
        steps.append(
            Step("object", filed, {"grounds": grounds, "case_facts": "Jawaban tidak sesuai"})
        )
        if rng.random() < 0.05:
            return  # the atasan never answers: unanswered after 30 HK
        received_on = filed.astimezone(line.zone).date()
        steps.append(Step("review", line.after(received_on, 1, 3)))
        decided_day = _between(rng, 5, 38) if rng.random() < 0.1 else _between(rng, 5, 28)
        decided = line.at(max(calendar.add_working_days(received_on, decided_day), line.today()))
        upheld = rng.random() < 0.35
        reasons = "Keberatan beralasan" if upheld else "Pengecualian telah sesuai uji konsekuensi"
        steps.append(Step("decide", decided, {"upheld": upheld, "reasons": reasons}))
        if upheld:
            self._reanswer(org, line, steps)
        elif rng.random() < 0.6:
            steps.append(Step("accept", line.after(line.today(), 2, 10)))
        elif rng.random() < 0.5:
            self._dispute(line, steps)

    def _reanswer(self, org, line: Timeline, steps) -> None:
        """After an upheld objection the PPID answers again, granting the information."""
        notice = {
            "outcome": Outcome.GRANTED_FULLY,
            "material_description": "Salinan dokumen sesuai putusan atasan PPID",
            "provision_days": 3,
            "copy_format": CopyFormat.SOFTCOPY,
            "medium": "Email",
        }
        steps.append(Step("draft", line.after(line.today(), 2, 8), notice))
        steps.append(Step("approve", line.at(line.today())))
        steps.append(Step("deliver", line.after(line.today(), 0, 2)))
        steps.append(Step("close", line.after(line.today(), 0, 3)))

    def _dispute(self, line: Timeline, steps) -> None:
        rng = self.rng
        filed = line.after(line.today(), 3, 12)
        filed_on = filed.astimezone(line.zone).date()
        steps.append(
            Step(
                "dispute",
                filed,
                {
                    "commission": "Komisi Informasi Provinsi Uji",
                    "ki_number": f"REG/{_between(rng, 1, 999):03d}/KI-UJI/{filed_on.year}",
                    "filed_on": filed_on,
                },
            )
        )
        if rng.random() < 0.7:
            decided = line.after(filed_on, 40, 100)
            outcome = _pick(
                rng,
                (
                    (DisputeOutcome.REJECTED, 50),
                    (DisputeOutcome.MEDIATION_AGREEMENT, 30),
                    (DisputeOutcome.RELEASE_ORDERED, 20),
                ),
            )
            params = {"outcome": outcome, "outcome_on": decided.astimezone(line.zone).date()}
            if outcome == DisputeOutcome.RELEASE_ORDERED:
                params.update(
                    release_description="Salinan kontrak wajib diberikan",
                    release_due_on=params["outcome_on"] + timedelta(days=14),
                )
                if rng.random() < 0.85:
                    params["complied_on"] = params["outcome_on"] + timedelta(days=10)
            steps.append(Step("dispute_outcome", decided, params))
