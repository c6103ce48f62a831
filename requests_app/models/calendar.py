"""Admin-maintained changes to the national working-day calendar (Keputusan 1, F14)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OverrideKind(models.TextChoices):
    HOLIDAY = "holiday", _("Hari libur tambahan")
    WORKING_DAY = "working_day", _("Hari kerja tambahan")


class CalendarOverride(models.Model):
    """One date a body's calendar treats differently from the national one, with its legal basis.

    `body=None` applies to every body on the installation (e.g. a new SKB cuti bersama the `holidays`
    package does not know yet); a body's own row for the same date wins.
    """

    body = models.ForeignKey(
        "requests_app.PublicBody",
        verbose_name=_("badan publik"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_overrides",
        help_text=_("Kosongkan untuk semua badan publik."),
    )
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=20, choices=OverrideKind.choices)
    sk_reference = models.CharField(_("nomor SK / dasar hukum"), max_length=200)
    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("perubahan kalender kerja")
        verbose_name_plural = _("perubahan kalender kerja")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date"], name="calendar_override_unique_per_body"
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(body__isnull=True),
                name="calendar_override_unique_installation_wide",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} ({self.sk_reference})"
