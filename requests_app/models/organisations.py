"""Public bodies (badan publik), their PPID units and who works where."""

from datetime import time

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

WEEKDAY_MASK_VALIDATOR = RegexValidator(
    r"^[0-6]{1,7}$", _("Gunakan angka hari 0 (Senin) sampai 6 (Minggu), mis. 01234.")
)


class BodyKind(models.TextChoices):
    PROVINCE = "province", _("Provinsi")
    REGENCY = "regency", _("Kabupaten")
    CITY = "city", _("Kota")
    OTHER = "other", _("Badan publik lain")


class PublicBody(models.Model):
    """A badan publik. A province and its kabupaten/kota can share one installation."""

    code = models.CharField(
        _("kode"), max_length=20, unique=True, help_text=_("Kode wilayah BPS/Kemendagri")
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    kind = models.CharField(_("jenis"), max_length=20, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    registration_code = models.CharField(
        _("kode nomor pendaftaran"),
        max_length=30,
        help_text=_("Mis. BANTEN pada 0042/PPID/BANTEN/2026"),
    )
    registration_number_format = models.CharField(
        _("format nomor pendaftaran"),
        max_length=80,
        default="{seq:04d}/PPID/{code}/{year}",
        help_text=_("Tersedia: {seq}, {code}, {year}, {month}"),
    )
    objection_number_format = models.CharField(
        _("format nomor keberatan"), max_length=80, default="KBT/{seq:04d}/PPID/{code}/{year}"
    )
    time_zone = models.CharField(_("zona waktu"), max_length=40, default="Asia/Jakarta")
    office_closes_at = models.TimeField(_("jam tutup layanan"), default=time(16, 0))
    working_weekdays = models.CharField(
        _("hari kerja"),
        max_length=7,
        default="01234",
        validators=[WEEKDAY_MASK_VALIDATOR],
        help_text=_("Perpres 21/2023 Pasal 7: 0=Senin ... 6=Minggu"),
    )
    pause_clock_when_incomplete = models.BooleanField(
        _("hentikan jam saat menunggu kelengkapan"),
        default=False,
        help_text=_("Keputusan 3: bawaan tidak; jam 10 HK tetap berjalan."),
    )
    incomplete_completion_days = models.PositiveSmallIntegerField(
        _("batas melengkapi (HK)"), default=3
    )
    signing_delegated_to_pelaksana = models.BooleanField(
        _("PPID Pelaksana boleh menandatangani"),
        default=False,
        help_text=_("Bila aktif, penandatangan di OPD dapat menyetujui pemberitahuan OPD-nya."),
    )
    correspondence_language = models.CharField(
        _("bahasa surat dan email"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
        help_text=_(
            "Surat dan email kepada pemohon adalah surat resmi: berbahasa Indonesia kecuali badan "
            "publik menetapkan lain."
        ),
    )
    address = models.CharField(_("alamat kantor"), max_length=300, blank=True)
    city = models.CharField(_("kota surat"), max_length=80, blank=True)
    email = models.EmailField(_("email PPID"), blank=True)
    phone = models.CharField(_("telepon PPID"), max_length=40, blank=True)
    website = models.URLField(_("situs web"), blank=True)

    class Meta:
        verbose_name = _("badan publik")
        verbose_name_plural = _("badan publik")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def working_weekday_numbers(self) -> frozenset[int]:
        return frozenset(int(c) for c in self.working_weekdays)


class UnitKind(models.TextChoices):
    PPID_UTAMA = "ppid_utama", _("PPID Utama")
    PELAKSANA = "pelaksana", _("PPID Pelaksana (OPD)")


class Unit(models.Model):
    """The PPID Utama desk or an OPD with its PPID Pelaksana."""

    body = models.ForeignKey(
        PublicBody, verbose_name=_("badan publik"), on_delete=models.PROTECT, related_name="units"
    )
    slug = models.SlugField(_("slug"), max_length=60)
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    kind = models.CharField(_("jenis"), max_length=20, choices=UnitKind.choices)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("unit PPID")
        verbose_name_plural = _("unit PPID")
        ordering = ["body", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "slug"], name="unit_slug_unique_per_body"),
            models.UniqueConstraint(fields=["body", "code"], name="unit_code_unique_per_body"),
            models.UniqueConstraint(
                fields=["body"],
                condition=models.Q(kind="ppid_utama"),
                name="one_ppid_utama_per_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.short_name} ({self.body.short_name})"


class Role(models.TextChoices):
    UTAMA_OFFICER = "utama_officer", _("Petugas PPID Utama")
    PELAKSANA_OFFICER = "pelaksana_officer", _("Petugas PPID Pelaksana")
    SIGNER = "signer", _("Penandatangan PPID")
    ATASAN = "atasan", _("Atasan PPID")
    UNIT_HEAD = "unit_head", _("Kepala OPD/unit")
    SUPERVISOR = "supervisor", _("Pengawas")
    ADMINISTRATOR = "administrator", _("Administrator")


class Membership(models.Model):
    """A user's role in a body (and, for OPD roles, in one unit). Citizens have none."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(
        PublicBody,
        verbose_name=_("badan publik"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "body", "unit", "role"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        where = self.unit.short_name if self.unit_id else self.body.short_name
        return f"{self.user} · {self.get_role_display()} · {where}"
