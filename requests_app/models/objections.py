"""Objections (keberatan) to the atasan PPID and disputes (sengketa) at the Komisi Informasi."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_app.storage import identity_storage

GROUND_LETTERS = ("a", "b", "c", "d", "e", "f", "g")
GROUND_LABELS = {
    "a": _("a. penolakan berdasarkan alasan pengecualian Pasal 17"),
    "b": _("b. tidak disediakannya informasi berkala (Pasal 9)"),
    "c": _("c. tidak ditanggapinya permintaan informasi"),
    "d": _("d. permintaan ditanggapi tidak sebagaimana yang diminta"),
    "e": _("e. tidak dipenuhinya permintaan informasi"),
    "f": _("f. pengenaan biaya yang tidak wajar"),
    "g": _("g. penyampaian informasi melebihi waktu yang diatur"),
}


class ObjectionStatus(models.TextChoices):
    """domain.md B.2."""

    REGISTERED = "terdaftar", _("Keberatan terdaftar")
    UNDER_REVIEW = "diproses", _("Diperiksa atasan PPID")
    SETTLEMENT = "musyawarah", _("Musyawarah")
    SETTLED = "selesai_musyawarah", _("Selesai secara musyawarah")
    UPHELD = "diputus_diterima", _("Keberatan dikabulkan")
    REJECTED = "diputus_ditolak", _("Keberatan ditolak (menguatkan putusan PPID)")
    NOT_RESPONDED = "tidak_ditanggapi", _("Lewat 30 hari kerja")
    APPLICANT_ACCEPTS = "pemohon_menerima", _("Pemohon menerima")
    DISPUTE = "sengketa_ki", _("Diajukan ke Komisi Informasi")
    CLOSED = "selesai", _("Selesai")
    WITHDRAWN = "dicabut", _("Dicabut")


OPEN_OBJECTION_STATUSES = (
    ObjectionStatus.REGISTERED,
    ObjectionStatus.UNDER_REVIEW,
    ObjectionStatus.SETTLEMENT,
)


class ApplicantResponse(models.TextChoices):
    ACCEPTS = "menerima", _("Menerima tanggapan atasan PPID")
    GOES_TO_KI = "ke_komisi_informasi", _("Mengajukan sengketa ke Komisi Informasi")


class Objection(models.Model):
    body = models.ForeignKey(
        "requests_app.PublicBody",
        verbose_name=_("badan publik"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    request = models.ForeignKey(
        "requests_app.InformationRequest",
        verbose_name=_("permohonan"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    handling_unit = models.ForeignKey(
        "requests_app.Unit",
        verbose_name=_("OPD yang menjawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objections",
    )
    registration_number = models.CharField(_("nomor registrasi keberatan"), max_length=80)
    sequence_year = models.PositiveSmallIntegerField()
    sequence_number = models.PositiveIntegerField()
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.REGISTERED,
    )
    # Pasal 35(1) a-g as columns so statistics count them with one aggregate each.
    ground_a = models.BooleanField(GROUND_LABELS["a"], default=False)
    ground_b = models.BooleanField(GROUND_LABELS["b"], default=False)
    ground_c = models.BooleanField(GROUND_LABELS["c"], default=False)
    ground_d = models.BooleanField(GROUND_LABELS["d"], default=False)
    ground_e = models.BooleanField(GROUND_LABELS["e"], default=False)
    ground_f = models.BooleanField(GROUND_LABELS["f"], default=False)
    ground_g = models.BooleanField(GROUND_LABELS["g"], default=False)
    case_facts = models.TextField(_("kasus posisi"), max_length=5000)
    representative_name = models.CharField(_("nama kuasa"), max_length=200, blank=True)
    representative_address = models.CharField(_("alamat kuasa"), max_length=500, blank=True)
    representative_contact = models.CharField(_("kontak kuasa"), max_length=120, blank=True)
    # A power of attorney carries the applicant's identity: encrypted at rest like the KTP scan.
    power_of_attorney = models.FileField(
        _("surat kuasa"),
        upload_to="private/kuasa/%Y/",
        storage=identity_storage,
        blank=True,
        max_length=255,
    )

    filed_at = models.DateTimeField(_("waktu diterima"))
    received_on = models.DateField(_("tanggal terima efektif"))
    trigger_on = models.DateField(_("tanggal dasar keberatan"))
    filing_window_ends_on = models.DateField(_("batas pengajuan keberatan (30 HK)"))
    is_late = models.BooleanField(_("diajukan terlambat"), default=False)
    atasan_due_on = models.DateField(_("batas tanggapan atasan (30 HK)"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settlement_minutes = models.TextField(_("berita acara musyawarah"), blank=True)
    decided_at = models.DateTimeField(_("waktu tanggapan atasan"), null=True, blank=True)
    decision_reasons = models.TextField(_("alasan tertulis"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(_("nama atasan PPID"), max_length=200, blank=True)
    decided_by_position = models.CharField(_("jabatan atasan PPID"), max_length=200, blank=True)
    decided_late = models.BooleanField(_("tanggapan terlambat"), default=False)
    working_days_to_decision = models.PositiveSmallIntegerField(null=True, blank=True)
    # Indexed for the dispute-window reminder scan (`services.reminders.scan_dispute_windows`).
    dispute_window_ends_on = models.DateField(
        _("batas pengajuan sengketa (14 HK)"), null=True, blank=True, db_index=True
    )
    applicant_response = models.CharField(
        _("tanggapan pemohon"), max_length=30, choices=ApplicantResponse.choices, blank=True
    )
    applicant_response_at = models.DateTimeField(null=True, blank=True)
    reopened_request_due_on = models.DateField(
        _("batas baru permohonan setelah keberatan dikabulkan"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "registration_number"], name="objection_number_unique"
            ),
            models.UniqueConstraint(
                fields=["body", "sequence_year", "sequence_number"],
                name="objection_sequence_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(ground_a=True)
                | models.Q(ground_b=True)
                | models.Q(ground_c=True)
                | models.Q(ground_d=True)
                | models.Q(ground_e=True)
                | models.Q(ground_f=True)
                | models.Q(ground_g=True),
                name="objection_has_a_ground",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="musyawarah", ground_a=True),
                name="no_settlement_on_ground_a",
            ),
        ]
        indexes = [
            models.Index(
                fields=["body", "status", "atasan_due_on"], name="objection_body_status_due"
            ),
            # The objection statistics of a period.
            models.Index(fields=["body", "received_on"], name="objection_body_received"),
        ]

    def __str__(self) -> str:
        return self.registration_number

    @property
    def grounds(self) -> list[str]:
        return [letter for letter in GROUND_LETTERS if getattr(self, f"ground_{letter}")]


class DisputeStage(models.TextChoices):
    FILED = "diajukan", _("Diajukan ke Komisi Informasi")
    MEDIATION = "mediasi", _("Mediasi")
    ADJUDICATION = "ajudikasi", _("Ajudikasi")
    DECIDED = "putusan", _("Putusan/akta mediasi")
    COURT = "gugatan", _("Gugatan PTUN/PN")
    CLOSED = "selesai", _("Selesai / inkracht")


class DisputeOutcome(models.TextChoices):
    MEDIATION_AGREEMENT = "akta_mediasi", _("Akta mediasi (kesepakatan)")
    RELEASE_ORDERED = "dikabulkan", _("Putusan: informasi wajib dibuka")
    PARTLY_RELEASED = "dikabulkan_sebagian", _("Putusan: dikabulkan sebagian")
    REJECTED = "ditolak", _("Putusan: permohonan sengketa ditolak")
    WITHDRAWN = "dicabut", _("Dicabut")


class Dispute(models.Model):
    """A sengketa informasi the body is party to; the system only tracks it (B7-B9)."""

    objection = models.OneToOneField(Objection, on_delete=models.PROTECT, related_name="dispute")
    commission = models.CharField(_("Komisi Informasi"), max_length=200)
    ki_register_number = models.CharField(_("nomor register KI"), max_length=120)
    filed_on = models.DateField(_("tanggal pengajuan"))
    filed_late = models.BooleanField(_("melewati 14 HK"), default=False)
    stage = models.CharField(
        _("tahap"), max_length=20, choices=DisputeStage.choices, default=DisputeStage.FILED
    )
    mediation_on = models.DateField(_("tanggal mediasi"), null=True, blank=True)
    adjudication_on = models.DateField(_("tanggal ajudikasi"), null=True, blank=True)
    outcome = models.CharField(
        _("hasil"), max_length=30, choices=DisputeOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("tanggal putusan/akta"), null=True, blank=True)
    release_description = models.TextField(_("informasi yang wajib dibuka"), blank=True)
    release_due_on = models.DateField(
        _("batas pelaksanaan putusan"), null=True, blank=True, db_index=True
    )
    complied_on = models.DateField(_("tanggal informasi dibuka"), null=True, blank=True)
    compliance_note = models.TextField(_("catatan pelaksanaan"), blank=True)
    court_name = models.CharField(_("pengadilan"), max_length=200, blank=True)
    court_filed_on = models.DateField(_("tanggal gugatan"), null=True, blank=True)
    court_result = models.TextField(_("hasil pengadilan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sengketa informasi")
        verbose_name_plural = _("sengketa informasi")
        ordering = ["-filed_on"]

    def __str__(self) -> str:
        return f"{self.commission} {self.ki_register_number}"
