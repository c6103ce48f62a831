from django.db import models
from django.utils.translation import gettext_lazy as _


class SequenceKind(models.TextChoices):
    REQUEST = "request", _("Permohonan")
    OBJECTION = "objection", _("Keberatan")


class NumberSequence(models.Model):
    """The last number handed out per body, kind and year; allocated under a row lock."""

    body = models.ForeignKey("requests_app.PublicBody", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=SequenceKind.choices)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "year"], name="number_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.kind}/{self.year}: {self.last_value}"
