"""Annual reporting (Perki 1/2021 Pasal 56, domain.md D.1/D.2): narratives, frozen years,
monev indicators as data, and export jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualReportNarrative(models.Model):
    """The parts of the laporan layanan the system cannot compute, edited before generating."""

    body = models.ForeignKey(
        "requests_app.PublicBody", on_delete=models.CASCADE, related_name="report_narratives"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    policy = models.TextField(_("gambaran umum kebijakan layanan"), blank=True)
    facilities = models.TextField(_("sarana dan prasarana"), blank=True)
    staff = models.TextField(_("sumber daya manusia"), blank=True)
    budget = models.TextField(_("anggaran dan realisasi"), blank=True)
    service_overview = models.TextField(_("gambaran umum pelaksanaan layanan"), blank=True)
    obstacles = models.TextField(_("kendala eksternal dan internal"), blank=True)
    recommendations = models.TextField(_("rekomendasi dan rencana tindak lanjut"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("narasi laporan tahunan")
        verbose_name_plural = _("narasi laporan tahunan")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="narrative_once_per_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}"


class SnapshotImmutable(RuntimeError):
    """A closed year's snapshot was about to be changed or deleted outside `year_reopen`."""


class YearSnapshotQuerySet(models.QuerySet):
    """No bulk update or delete: a published year may only go away through the audited
    `services.reporting.year_reopen`, which calls `delete_for_reopen`."""

    def update(self, **kwargs):
        raise SnapshotImmutable("A closed year's snapshot cannot be changed.")

    def delete(self):
        raise SnapshotImmutable("Reopen the year with services.reporting.year_reopen.")

    def delete_for_reopen(self):
        """Only for `year_reopen`, which logs who reopened the year and why."""
        return super().delete()


class YearSnapshot(models.Model):
    """A closed year: its figures and narrative frozen so a regenerated report is identical.
    Rows are written once: reopening is an audited admin action that deletes the snapshot (and
    records who and why in `YearSnapshotLog`); nothing else may change or delete one."""

    body = models.ForeignKey(
        "requests_app.PublicBody", on_delete=models.CASCADE, related_name="year_snapshots"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    figures = models.JSONField(_("angka"))
    # The narrative parts of the report (`selectors.reporting.NARRATIVE_FIELDS`) as they were
    # when the year was closed: the published report must not change with later edits.
    narrative = models.JSONField(_("narasi"), default=dict, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = YearSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("tahun yang ditutup")
        verbose_name_plural = _("tahun yang ditutup")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="snapshot_once_per_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SnapshotImmutable("A closed year's snapshot cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SnapshotImmutable("Reopen the year with services.reporting.year_reopen.")


class YearSnapshotLog(models.Model):
    """Who closed or reopened which year, and why (append-only by convention of the services)."""

    body = models.ForeignKey("requests_app.PublicBody", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    action = models.CharField(
        max_length=20, choices=[("closed", _("Ditutup")), ("reopened", _("Dibuka kembali"))]
    )
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("riwayat penutupan tahun")
        verbose_name_plural = _("riwayat penutupan tahun")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.body_id} {self.year} {self.action}"


class MonevIndicator(models.Model):
    """Keputusan 7: the SAQ indicators are data, editable per year, not code."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    area = models.CharField(_("aspek"), max_length=120)
    code = models.CharField(_("kode"), max_length=30)
    text = models.TextField(_("indikator"))
    evidence = models.CharField(
        _("bukti yang dilampirkan"),
        max_length=60,
        blank=True,
        help_text=_(
            "Kunci bukti otomatis, mis. register_permohonan, statistik, dip, dik, formulir"
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indikator monev")
        verbose_name_plural = _("indikator monev")
        ordering = ["year", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="monev_indicator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.code}"


class ExportState(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Siap diunduh")
    FAILED = "failed", _("Gagal")


class ExportJob(models.Model):
    """A large export made by a Celery task; the file is offered when ready."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(_("jenis"), max_length=60)
    params = models.JSONField(default=dict)
    state = models.CharField(
        max_length=20, choices=ExportState.choices, default=ExportState.PENDING
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="private/exports/%Y/", blank=True, max_length=255)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    # When a worker claimed it: a job "running" long past this lost its worker (export sweeper).
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ekspor")
        verbose_name_plural = _("ekspor")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.state})"
