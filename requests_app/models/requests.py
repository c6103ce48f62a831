"""The information request (permohonan informasi publik), domain.md C.1 and B.1."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from requests_app.storage import identity_storage


class Status(models.TextChoices):
    """Request lifecycle states, domain.md B.1. The transitions live in `requests_app.lifecycle`."""

    DRAFT = "draf", _("Draf")
    REGISTERED = "terdaftar", _("Terdaftar")
    AWAITING_COMPLETION = "menunggu_kelengkapan", _("Menunggu kelengkapan")
    IN_PROCESS = "diproses", _("Diproses")
    ROUTED = "didisposisikan", _("Diteruskan ke PPID Pelaksana")
    EXTENDED = "diperpanjang", _("Diperpanjang")
    AWAITING_APPROVAL = "menunggu_persetujuan", _("Menunggu persetujuan")
    NOTIFIED = "diberitahukan", _("Pemberitahuan tertulis terkirim")
    AWAITING_PAYMENT = "menunggu_pembayaran", _("Menunggu pembayaran")
    DELIVERED = "informasi_diserahkan", _("Informasi diserahkan")
    CLOSED = "selesai", _("Selesai")
    # Kept for completeness of B.1; "overdue" itself is derived from `due_on` in queries
    # (issue 4), so no job has to keep a flag right.
    NOT_RESPONDED = "tidak_ditanggapi", _("Lewat waktu")
    CLOSED_INCOMPLETE = "ditutup_tidak_lengkap", _("Ditutup (tidak lengkap)")
    WITHDRAWN = "dicabut", _("Dicabut")
    IN_OBJECTION = "keberatan", _("Dalam keberatan")


# States in which the body still owes the applicant a written notice (the 10/17 HK clock runs).
PRE_NOTICE_STATUSES = (
    Status.REGISTERED,
    Status.AWAITING_COMPLETION,
    Status.IN_PROCESS,
    Status.ROUTED,
    Status.EXTENDED,
    Status.AWAITING_APPROVAL,
    Status.NOT_RESPONDED,
)
# A request that may still owe a written notice: the statistics' live "owed today" figures
# count only these (the status test catches a request answered again after an objection).
MAY_OWE_NOTICE = models.Q(status__in=PRE_NOTICE_STATUSES) | models.Q(notice_sent_at__isnull=True)
FINAL_STATUSES = (Status.CLOSED, Status.CLOSED_INCOMPLETE, Status.WITHDRAWN)
# The officer queue lists these after the open ones: nothing is left for the desk to do (a
# notified request waits on the applicant, a delivered one only has to be closed).
QUEUE_CLOSED_STATUSES = (*FINAL_STATUSES, Status.DRAFT, Status.DELIVERED, Status.NOTIFIED)
# Stands in for "no due date yet" in the queue's sort key, so the key is never NULL.
QUEUE_NO_DUE_DATE = date(9999, 12, 31)


class Outcome(models.TextChoices):
    """`keputusan` carried on the written notice (B.1)."""

    GRANTED_FULLY = "dikabulkan_seluruhnya", _("Dikabulkan seluruhnya")
    GRANTED_PARTLY = "dikabulkan_sebagian", _("Dikabulkan sebagian")
    ALREADY_AVAILABLE = "sudah_tersedia", _("Sudah tersedia (DIP)")
    REFUSED_EXEMPT = "ditolak_dikecualikan", _("Ditolak (informasi dikecualikan)")
    NOT_HELD = "tidak_dikuasai", _("Tidak dikuasai")
    NOT_YET_DOCUMENTED = "belum_didokumentasikan", _("Belum didokumentasikan")


class Channel(models.TextChoices):
    WEB = "web", _("Web/aplikasi")
    WALK_IN = "langsung", _("Datang langsung")
    PHONE = "telepon", _("Telepon")
    LETTER = "surat", _("Surat/pos")
    EMAIL = "email", _("Email")
    FAX = "faksimili", _("Faksimili")
    SOCIAL_MEDIA = "media_sosial", _("Media sosial")


class ApplicantType(models.TextChoices):
    INDIVIDUAL = "perorangan", _("Perorangan")
    GROUP = "kelompok_orang", _("Kelompok orang (melalui kuasa)")
    LEGAL_ENTITY = "badan_hukum", _("Badan hukum")


class AccessMethod(models.TextChoices):
    """cara_memperoleh_informasi."""

    VIEW = "melihat", _("Melihat/membaca/mendengarkan/mencatat")
    COPY = "salinan", _("Mendapatkan salinan")


class CopyFormat(models.TextChoices):
    SOFTCOPY = "softcopy", _("Softcopy (elektronik)")
    HARDCOPY = "hardcopy", _("Hardcopy (cetak)")


class DeliveryMethod(models.TextChoices):
    """cara_mendapatkan_salinan."""

    PICK_UP = "ambil_langsung", _("Mengambil langsung")
    COURIER = "kurir", _("Kurir")
    POST = "pos", _("Pos")
    FAX = "faksimili", _("Faksimili")
    EMAIL = "email", _("Email")


def private_upload_path(instance, filename: str) -> str:
    """Random, unguessable storage names; the original name never reaches the disk."""
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"private/{uuid.uuid4().hex}{suffix}"


def overdue_condition(today: date) -> models.Q:
    """A written notice is owed and its due date has passed (a paused clock is not running)."""
    return models.Q(
        status__in=PRE_NOTICE_STATUSES, due_on__lt=today, paused_working_days_left__isnull=True
    )


class AccessibilityNeed(models.TextChoices):
    """Assistance the applicant needs at the desk or in the answer (Perki 1/2021 Pasal 47-48)."""

    LARGE_PRINT = "large_print", _("Cetak huruf besar")
    AUDIO = "audio", _("Format audio")
    BRAILLE = "braille", _("Braille")
    SIGN_LANGUAGE = "sign_language", _("Juru bahasa isyarat")
    OTHER = "other", _("Lainnya")


class InformationRequestQuerySet(models.QuerySet):
    def open(self) -> InformationRequestQuerySet:
        return self.exclude(status__in=FINAL_STATUSES + (Status.DRAFT,))

    def awaiting_notice(self) -> InformationRequestQuerySet:
        return self.filter(status__in=PRE_NOTICE_STATUSES)

    def overdue(self, today: date) -> InformationRequestQuerySet:
        """Requests whose written notice is late: derived from the stored due date, never a flag."""
        return self.filter(overdue_condition(today))


class InformationRequest(models.Model):
    # No index of its own on body or assigned_unit: the composite indexes below lead with them,
    # and every index is paid again on each of the thousands of submissions a day.
    body = models.ForeignKey(
        "requests_app.PublicBody",
        verbose_name=_("badan publik"),
        on_delete=models.PROTECT,
        related_name="requests",
        db_index=False,
    )
    assigned_unit = models.ForeignKey(
        "requests_app.Unit",
        verbose_name=_("unit penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        db_index=False,
    )
    registration_number = models.CharField(_("nomor pendaftaran"), max_length=80, blank=True)
    sequence_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence_number = models.PositiveIntegerField(null=True, blank=True)
    tracking_token_hash = models.CharField(max_length=64, editable=False)

    channel = models.CharField(
        _("kanal"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    applicant_type = models.CharField(
        _("jenis pemohon"), max_length=20, choices=ApplicantType.choices
    )
    full_name = models.CharField(_("nama lengkap"), max_length=200)
    # Keputusan 8: the NIK is encrypted at rest; the hash finds repeat applicants without decrypting,
    # the last four digits are what everybody but the handling officers sees.
    nik_ciphertext = models.TextField(blank=True, editable=False)
    nik_hash = models.CharField(max_length=64, blank=True, editable=False)
    nik_last4 = models.CharField(max_length=4, blank=True, editable=False)
    legal_entity_number = models.CharField(
        _("nomor SK pengesahan badan hukum"), max_length=100, blank=True
    )
    # Keputusan 8: identity files are encrypted at rest (requests_app/storage.py).
    identity_document = models.FileField(
        _("berkas identitas"),
        upload_to=private_upload_path,
        storage=identity_storage,
        blank=True,
        max_length=255,
    )
    address = models.CharField(_("alamat"), max_length=500)
    occupation = models.CharField(_("pekerjaan"), max_length=120)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    npwp = models.CharField(_("NPWP"), max_length=30, blank=True)

    representative_name = models.CharField(_("nama kuasa"), max_length=200, blank=True)
    representative_nik_ciphertext = models.TextField(blank=True, editable=False)
    representative_nik_last4 = models.CharField(max_length=4, blank=True, editable=False)
    representative_address = models.CharField(_("alamat kuasa"), max_length=500, blank=True)
    representative_contact = models.CharField(_("kontak kuasa"), max_length=120, blank=True)
    power_of_attorney = models.FileField(
        _("surat kuasa"),
        upload_to=private_upload_path,
        storage=identity_storage,
        blank=True,
        max_length=255,
    )

    # Comma-separated AccessibilityNeed codes: counted by statistics with one `contains` aggregate
    # each, on SQLite as on PostgreSQL.
    accessibility_needs = models.CharField(_("kebutuhan aksesibilitas"), max_length=100, blank=True)
    accessibility_note = models.CharField(_("keterangan aksesibilitas"), max_length=300, blank=True)
    information_requested = models.TextField(
        _("rincian informasi yang dibutuhkan"), max_length=5000
    )
    purpose = models.TextField(_("tujuan penggunaan informasi"), max_length=2000)
    access_method = models.CharField(
        _("cara memperoleh informasi"), max_length=20, choices=AccessMethod.choices
    )
    copy_format = models.CharField(
        _("bentuk salinan"), max_length=20, choices=CopyFormat.choices, blank=True
    )
    delivery_method = models.CharField(
        _("cara mendapatkan salinan"), max_length=20, choices=DeliveryMethod.choices, blank=True
    )

    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT
    )
    outcome = models.CharField(_("keputusan"), max_length=30, choices=Outcome.choices, blank=True)
    received_at = models.DateTimeField(_("waktu diterima"), null=True, blank=True)
    backdate_reason = models.CharField(_("alasan waktu terima mundur"), max_length=500, blank=True)
    effective_received_on = models.DateField(_("tanggal terima efektif"), null=True, blank=True)
    original_due_on = models.DateField(_("batas pemberitahuan (10 HK)"), null=True, blank=True)
    extended_due_on = models.DateField(
        _("batas setelah perpanjangan (17 HK)"), null=True, blank=True
    )
    due_on = models.DateField(_("batas waktu berlaku"), null=True, blank=True)
    # The officer queue's sort key (issue 7), computed by the database from `status` and `due_on`
    # so no code path that changes them can leave it stale, and NOT NULL so the queue index
    # serves the ORDER BY and a keyset cursor can position on it (see `request_queue_order`).
    queue_closed = models.GeneratedField(
        expression=models.Case(
            models.When(status__in=QUEUE_CLOSED_STATUSES, then=models.Value(True)),
            default=models.Value(False),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    queue_due_on = models.GeneratedField(
        expression=Coalesce("due_on", models.Value(QUEUE_NO_DUE_DATE)),
        output_field=models.DateField(),
        db_persist=True,
    )
    paused_working_days_left = models.PositiveSmallIntegerField(null=True, blank=True)
    paused_on = models.DateField(_("jam dihentikan sejak"), null=True, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(
        _("total hari kerja jam dihentikan"), default=0
    )
    completion_due_on = models.DateField(_("batas melengkapi"), null=True, blank=True)
    extension_reason = models.TextField(_("alasan perpanjangan"), max_length=3000, blank=True)
    extended_at = models.DateTimeField(_("waktu perpanjangan"), null=True, blank=True)
    notice_late = models.BooleanField(_("pemberitahuan terlambat"), default=False)
    # B4: 30 HK from the notice, the delivery, or (grounds c/g) the missed deadline; kept current by
    # the services at each of those moments so the reminder scan reads it straight off the row.
    objection_window_ends_on = models.DateField(
        _("batas pengajuan keberatan"), null=True, blank=True, db_index=True
    )
    paid_at = models.DateTimeField(_("waktu pembayaran"), null=True, blank=True)
    payment_reference = models.CharField(_("bukti pembayaran"), max_length=200, blank=True)
    delivery_link = models.URLField(_("tautan informasi"), max_length=500, blank=True)
    handover_on = models.DateField(_("tanggal penyerahan"), null=True, blank=True)
    forwarded_from = models.OneToOneField(
        "self",
        verbose_name=_("diteruskan dari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_to",
    )
    notice_sent_at = models.DateTimeField(_("waktu pemberitahuan tertulis"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("waktu informasi diserahkan"), null=True, blank=True)
    closed_at = models.DateTimeField(_("waktu ditutup"), null=True, blank=True)
    working_days_to_notice = models.PositiveSmallIntegerField(null=True, blank=True)
    working_days_to_delivery = models.PositiveSmallIntegerField(null=True, blank=True)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pemohon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="information_requests",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recorded_requests",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("permohonan informasi")
        verbose_name_plural = _("permohonan informasi")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "registration_number"],
                condition=~models.Q(registration_number=""),
                name="registration_number_unique_per_body",
            ),
            models.UniqueConstraint(
                fields=["body", "sequence_year", "sequence_number"],
                condition=models.Q(sequence_number__isnull=False),
                name="registration_sequence_unique_per_body_year",
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__isnull=True)
                | models.Q(
                    effective_received_on__isnull=False,
                    due_on__gt=models.F("effective_received_on"),
                ),
                name="due_after_effective_receipt",
            ),
            models.CheckConstraint(
                condition=models.Q(extended_due_on__isnull=True)
                | models.Q(extended_due_on__gt=models.F("original_due_on")),
                name="extension_after_original_due",
            ),
        ]
        indexes = [
            # Officer queue and reminder scan: open requests of a body ordered by due date.
            models.Index(fields=["body", "status", "due_on"], name="request_body_status_due"),
            models.Index(fields=["due_on"], name="request_due_on"),
            models.Index(
                fields=["assigned_unit", "status", "due_on"], name="request_unit_status_due"
            ),
            models.Index(fields=["registration_number"], name="request_registration_number"),
            # Equality only: a plain index (db_index would add a LIKE index nobody uses).
            models.Index(fields=["nik_hash"], name="request_nik_hash"),
            models.Index(fields=["body", "received_at"], name="request_body_received"),
            # Statistics read only these columns of a period's requests (index-only scans on
            # PostgreSQL): the working-day distributions, and the figures owed as of today over
            # the requests that may still owe a notice (a small part of all requests).
            models.Index(
                fields=["body", "effective_received_on"],
                include=[
                    "assigned_unit",
                    "channel",
                    "working_days_to_notice",
                    "working_days_to_delivery",
                ],
                name="request_body_period_days",
            ),
            models.Index(
                fields=["body", "effective_received_on"],
                include=[
                    "assigned_unit",
                    "channel",
                    "status",
                    "due_on",
                    "paused_working_days_left",
                    "notice_sent_at",
                ],
                condition=MAY_OWE_NOTICE,
                name="request_body_period_owed",
            ),
            # The officer queue (`selectors.queue.QUEUE_ORDER`): page 1 and a keyset cursor deep
            # in the set are both a short range of this index. No per-body or per-OPD variant:
            # visibility ORs in the user's own requests, so the planner walks this one and
            # filters (EXPLAIN at 1,000,000 requests: every queue shape under 20 ms).
            models.Index(
                fields=["queue_closed", "queue_due_on", "-received_at", "id"],
                name="request_queue_order",
            ),
            # Reminder scans (services.reminders, due soon and overdue): the running clocks in
            # primary-key batches, due_on checked in the index. Only requests still owed a notice
            # and not paused, a few percent of the table.
            models.Index(
                fields=["id", "due_on"],
                condition=models.Q(
                    status__in=PRE_NOTICE_STATUSES, paused_working_days_left__isnull=True
                ),
                name="request_running_clock_pk",
            ),
        ]

    def __str__(self) -> str:
        return self.registration_number or f"#{self.pk}"

    @property
    def masked_nik(self) -> str:
        return f"************{self.nik_last4}" if self.nik_last4 else ""

    @property
    def accessibility_need_list(self) -> list[str]:
        return [code for code in self.accessibility_needs.split(",") if code]

    @property
    def accessibility_need_labels(self) -> list[str]:
        labels = dict(AccessibilityNeed.choices)
        return [str(labels.get(code, code)) for code in self.accessibility_need_list]

    @property
    def is_extended(self) -> bool:
        return self.extended_due_on is not None
