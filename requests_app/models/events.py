"""Append-only audit trail of every change to a request."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


class RequestEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Request events are append-only.")

    def delete(self):
        raise AppendOnlyError("Request events are append-only.")

    def pseudonymise_actor_labels(self, *, request_id: int, full_name: str, pseudonym: str) -> int:
        """The one change the audit trail allows, for the retention purge only (Keputusan 8,
        `services.retention`): events the applicant did without an account carry their full
        name as `actor_label`; it becomes `pseudonym`. Only those events of that request whose
        label is exactly that name and that have no actor (an officer's name is never touched),
        and only this column. Returns the number of events changed."""
        if not full_name:
            return 0
        events = self.filter(request_id=request_id, actor__isnull=True, actor_label=full_name)
        return models.QuerySet.update(events, actor_label=pseudonym)


class RequestEvent(models.Model):
    """Who did what to a request, when, and which state it moved between.

    Written by `lifecycle.record_event` in the same transaction as the change it describes. There is no
    update or delete path: `save()` refuses an existing row and the queryset refuses bulk changes,
    except `pseudonymise_actor_labels`, which the retention purge uses to drop the applicant's name.
    """

    request = models.ForeignKey(
        "requests_app.InformationRequest", on_delete=models.PROTECT, related_name="events"
    )
    code = models.CharField(_("kode"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("pelaku (teks)"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("waktu"), db_index=True)
    from_status = models.CharField(_("dari status"), max_length=30, blank=True)
    to_status = models.CharField(_("ke status"), max_length=30, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = RequestEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.code} @ {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Request events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Request events are append-only.")
