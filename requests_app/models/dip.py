"""Daftar Informasi Publik (Pasal 9-11; A15)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InformationClass(models.TextChoices):
    PERIODIC = "berkala", _("Informasi berkala")
    IMMEDIATE = "serta_merta", _("Informasi serta merta")
    ANY_TIME = "setiap_saat", _("Informasi tersedia setiap saat")


class DipItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class DipItem(models.Model):
    body = models.ForeignKey(
        "requests_app.PublicBody",
        verbose_name=_("badan publik"),
        on_delete=models.PROTECT,
        related_name="dip_items",
    )
    responsible_unit = models.ForeignKey(
        "requests_app.Unit",
        verbose_name=_("unit penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dip_items",
    )
    title = models.CharField(_("judul informasi"), max_length=300)
    summary = models.TextField(_("ringkasan isi"), max_length=3000)
    information_class = models.CharField(
        _("klasifikasi"), max_length=20, choices=InformationClass.choices
    )
    form = models.CharField(_("bentuk informasi"), max_length=100, default="Softcopy dan hardcopy")
    retention = models.CharField(_("jangka waktu penyimpanan"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun pembuatan"), null=True, blank=True)
    link = models.URLField(_("tautan"), max_length=500, blank=True)
    file = models.FileField(_("berkas"), upload_to="dip/%Y/", blank=True, max_length=255)
    is_published = models.BooleanField(_("diterbitkan"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DipItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item DIP")
        verbose_name_plural = _("daftar informasi publik")
        ordering = ["body", "information_class", "title"]

    def __str__(self) -> str:
        return self.title
