"""Deadline reminders: per-body policy and the ledger that makes each reminder happen once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlinePolicy(models.Model):
    """When officers, escalation contacts and applicants are reminded (issue 4). One per body;
    a body without a row uses the defaults below."""

    body = models.OneToOneField(
        "requests_app.PublicBody", on_delete=models.CASCADE, related_name="deadline_policy"
    )
    officer_offsets = models.CharField(
        _("pengingat petugas (HK sebelum batas)"),
        max_length=40,
        default="3,1,0",
        help_text=_("Daftar hari kerja tersisa, dipisah koma, mis. 3,1,0"),
    )
    overdue_repeat_working_days = models.PositiveSmallIntegerField(
        _("ulangi eskalasi tiap (HK)"), default=2
    )
    objection_window_reminder_days = models.PositiveSmallIntegerField(
        _("ingatkan pemohon sebelum batas keberatan/sengketa (HK)"), default=5
    )
    daily_digest = models.BooleanField(_("ringkasan harian petugas"), default=True)

    class Meta:
        verbose_name = _("kebijakan pengingat")
        verbose_name_plural = _("kebijakan pengingat")

    def __str__(self) -> str:
        return str(self.body)


class ReminderLedger(models.Model):
    """One row per reminder ever sent, inserted before sending: the unique key makes repeated beat
    runs, racing workers and re-delivered tasks send nothing twice. A new anchor (an extension,
    a new due date) starts a fresh cycle."""

    item_key = models.CharField(max_length=60)
    kind = models.CharField(max_length=60)
    stage = models.CharField(max_length=30)
    anchor = models.CharField(max_length=40)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("catatan pengingat")
        verbose_name_plural = _("catatan pengingat")
        constraints = [
            models.UniqueConstraint(
                fields=["item_key", "kind", "stage", "anchor"],
                name="reminder_once_per_stage_and_anchor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_key} {self.kind} {self.stage} @ {self.anchor}"
