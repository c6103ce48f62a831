"""Transactional outbox: every message is a row written with the change that causes it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    IN_APP = "in_app", _("Notifikasi aplikasi")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")


class NotificationQuerySet(models.QuerySet):
    def due_for_sending(self, now):
        return self.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)


class Notification(models.Model):
    kind = models.CharField(_("jenis pesan"), max_length=60)
    channel = models.CharField(_("kanal"), max_length=20, choices=NotificationChannel.choices)
    request = models.ForeignKey(
        "requests_app.InformationRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    recipient_address = models.CharField(_("alamat tujuan"), max_length=254, blank=True)
    subject = models.CharField(_("subjek"), max_length=255)
    body_text = models.TextField(_("isi"))
    body_html = models.TextField(blank=True)
    dedup_key = models.CharField(max_length=200, null=True, blank=True)
    state = models.CharField(
        _("status kirim"),
        max_length=20,
        choices=DeliveryState.choices,
        default=DeliveryState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"))
    sent_at = models.DateTimeField(_("waktu terkirim"), null=True, blank=True)
    read_at = models.DateTimeField(_("waktu dibaca"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"))

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at"]
        constraints = [
            # A constraint, not `unique=True`: that would add a LIKE index nobody uses to every
            # insert (a reminder scan stores tens of thousands).
            models.UniqueConstraint(fields=["dedup_key"], name="notification_dedup_key_unique"),
        ]
        indexes = [
            # The sweeper: pending rows whose next attempt is due.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(state="pending"),
                name="notification_pending_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_address or self.recipient_user_id}"
