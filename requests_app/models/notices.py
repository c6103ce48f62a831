"""The written notice (pemberitahuan tertulis, Pasal 22(7) a-g), fees, consequence tests and files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_app.models.requests import CopyFormat, Outcome


class ExemptionLetter(models.TextChoices):
    """Pasal 17 huruf a-j (UU 14/2008)."""

    A = "a", _("a. menghambat proses penegakan hukum")
    B = "b", _("b. mengganggu perlindungan HKI / persaingan usaha tidak sehat")
    C = "c", _("c. membahayakan pertahanan dan keamanan negara")
    D = "d", _("d. mengungkapkan kekayaan alam Indonesia")
    E = "e", _("e. merugikan ketahanan ekonomi nasional")
    F = "f", _("f. merugikan kepentingan hubungan luar negeri")
    G = "g", _("g. isi akta otentik yang bersifat pribadi / wasiat")
    H = "h", _("h. rahasia pribadi")
    I = "i", _("i. memorandum/surat antar/intra badan publik yang dirahasiakan")  # noqa: E741
    J = "j", _("j. dilarang diungkap berdasarkan Undang-Undang lain")


# Sub-items that exist per letter (Pasal 17 a angka 1-5, c 1-7, e 1-7, f 1-4, h 1-5).
EXEMPTION_SUBITEMS: dict[str, int] = {"a": 5, "c": 7, "e": 7, "f": 4, "h": 5}


class ConsequenceTest(models.Model):
    """Uji konsekuensi (Pasal 2(4), 19; Perki 1/2021 Pasal 49). Reusable; feeds the public DIK."""

    body = models.ForeignKey(
        "requests_app.PublicBody",
        verbose_name=_("badan publik"),
        on_delete=models.PROTECT,
        related_name="consequence_tests",
    )
    unit = models.ForeignKey(
        "requests_app.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consequence_tests",
    )
    document = models.CharField(_("dokumen/informasi"), max_length=300)
    exempted_part = models.TextField(_("bagian yang dikecualikan"), max_length=3000)
    exemption_letter = models.CharField(
        _("Pasal 17 huruf"), max_length=1, choices=ExemptionLetter.choices
    )
    exemption_subitem = models.PositiveSmallIntegerField(_("angka"), null=True, blank=True)
    other_statute = models.CharField(
        _("Undang-Undang lain dan pasalnya (huruf j)"), max_length=300, blank=True
    )
    harm_if_disclosed = models.TextField(_("konsekuensi bila dibuka"), max_length=5000)
    public_interest_balance = models.TextField(
        _("pertimbangan kepentingan publik"), max_length=5000
    )
    exemption_period = models.CharField(_("jangka waktu pengecualian"), max_length=120, blank=True)
    decided_on = models.DateField(_("tanggal penetapan"))
    decision_reference = models.CharField(_("nomor SK PPID"), max_length=200)
    signed_by = models.CharField(_("ditandatangani oleh"), max_length=200)
    is_published = models.BooleanField(_("tampil di DIK"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uji konsekuensi")
        verbose_name_plural = _("uji konsekuensi")
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return f"{self.decision_reference}: {self.document}"

    @property
    def legal_basis(self) -> str:
        text = f"Pasal 17 huruf {self.exemption_letter}"
        if self.exemption_subitem:
            text += f" angka {self.exemption_subitem}"
        if self.other_statute:
            text += f" jo. {self.other_statute}"
        return text + " UU 14/2008"


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    AWAITING_APPROVAL = "awaiting_approval", _("Menunggu persetujuan")
    REVISION_REQUESTED = "revision_requested", _("Perlu perbaikan")
    APPROVED = "approved", _("Disetujui dan dikirim")


class WrittenNotice(models.Model):
    """One request's written notice with all items a-g of Pasal 22(7) plus the provision time."""

    request = models.OneToOneField(
        "requests_app.InformationRequest", on_delete=models.CASCADE, related_name="notice"
    )
    state = models.CharField(max_length=30, choices=NoticeState.choices, default=NoticeState.DRAFT)
    outcome = models.CharField(_("keputusan"), max_length=30, choices=Outcome.choices)
    # (a)/(b) penguasaan
    information_held = models.BooleanField(_("informasi dikuasai badan publik"), default=True)
    holding_body = models.ForeignKey(
        "requests_app.PublicBody",
        verbose_name=_("badan publik yang menguasai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    holding_body_name = models.CharField(
        _("nama badan publik yang menguasai"), max_length=300, blank=True
    )
    holding_body_unknown = models.BooleanField(
        _("badan publik penguasa tidak diketahui"), default=False
    )
    # (d) material given, (e) what is blacked out and why
    material_description = models.TextField(
        _("informasi yang diberikan"), max_length=5000, blank=True
    )
    withheld_description = models.TextField(
        _("informasi yang dikecualikan"), max_length=5000, blank=True
    )
    redaction_explanation = models.TextField(
        _("penjelasan penghitaman/pengaburan"), max_length=5000, blank=True
    )
    # (c) refusal basis
    exemption_letter = models.CharField(
        _("Pasal 17 huruf"), max_length=1, choices=ExemptionLetter.choices, blank=True
    )
    exemption_subitem = models.PositiveSmallIntegerField(_("angka"), null=True, blank=True)
    other_statute = models.CharField(_("Undang-Undang lain (huruf j)"), max_length=300, blank=True)
    consequence_test = models.ForeignKey(
        ConsequenceTest,
        verbose_name=_("uji konsekuensi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    dip_item = models.ForeignKey(
        "requests_app.DipItem",
        verbose_name=_("item DIP"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
    )
    # (f) medium and format
    copy_format = models.CharField(
        _("bentuk fisik"), max_length=20, choices=CopyFormat.choices, blank=True
    )
    medium = models.CharField(_("media"), max_length=200, blank=True)
    provision_days = models.PositiveSmallIntegerField(
        _("waktu penyediaan (hari kerja)"), null=True, blank=True
    )
    # (g) cost and how to pay
    tariff = models.ForeignKey(
        "requests_app.Tariff",
        verbose_name=_("tarif"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    fee_total = models.PositiveIntegerField(_("total biaya (Rp)"), default=0)
    payment_method = models.CharField(_("cara pembayaran"), max_length=300, blank=True)
    explanation = models.TextField(_("keterangan tambahan"), max_length=5000, blank=True)

    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafted_at = models.DateTimeField(null=True)
    revision_note = models.TextField(_("catatan perbaikan"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    signer_name = models.CharField(_("nama penandatangan"), max_length=200, blank=True)
    signer_position = models.CharField(_("jabatan penandatangan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan tertulis")
        verbose_name_plural = _("pemberitahuan tertulis")

    def __str__(self) -> str:
        return f"{self.request} · {self.get_outcome_display()}"

    @property
    def exemption_citation(self) -> str:
        if not self.exemption_letter:
            return ""
        text = f"Pasal 17 huruf {self.exemption_letter}"
        if self.exemption_subitem:
            text += f" angka {self.exemption_subitem}"
        if self.other_statute:
            text += f" jo. {self.other_statute}"
        return text + " UU 14/2008"


class FeeKind(models.TextChoices):
    """A13: only copying, delivery and media may be charged."""

    COPYING = "penggandaan", _("Penggandaan")
    DELIVERY = "pengiriman", _("Pengiriman")
    MEDIA = "media", _("Media (CD/flashdisk)")


class Tariff(models.Model):
    """A body's fee table, set by the atasan PPID's SK; versions by `effective_from`."""

    body = models.ForeignKey(
        "requests_app.PublicBody",
        verbose_name=_("badan publik"),
        on_delete=models.PROTECT,
        related_name="tariffs",
    )
    effective_from = models.DateField(_("berlaku mulai"))
    sk_reference = models.CharField(_("nomor SK"), max_length=200)
    copy_per_page = models.PositiveIntegerField(_("penggandaan per lembar (Rp)"))
    media_per_unit = models.PositiveIntegerField(_("media per keping (Rp)"), default=0)
    electronic_free = models.BooleanField(_("salinan elektronik gratis"), default=True)

    class Meta:
        verbose_name = _("tarif biaya salinan")
        verbose_name_plural = _("tarif biaya salinan")
        ordering = ["body", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "effective_from"], name="tariff_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.effective_from:%Y-%m-%d} ({self.sk_reference})"


class FeeLine(models.Model):
    notice = models.ForeignKey(WrittenNotice, on_delete=models.CASCADE, related_name="fee_lines")
    kind = models.CharField(_("jenis"), max_length=20, choices=FeeKind.choices)
    description = models.CharField(_("uraian"), max_length=200)
    quantity = models.PositiveIntegerField(_("jumlah"))
    unit_price = models.PositiveIntegerField(_("harga satuan (Rp)"))
    amount = models.PositiveIntegerField(_("jumlah (Rp)"))

    class Meta:
        verbose_name = _("rincian biaya")
        verbose_name_plural = _("rincian biaya")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount=models.F("quantity") * models.F("unit_price")),
                name="fee_line_amount_is_quantity_times_price",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: Rp{self.amount}"


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("Tanda bukti permohonan")
    EXTENSION_LETTER = "extension_letter", _("Surat pemberitahuan perpanjangan")
    NOTICE = "notice", _("Pemberitahuan tertulis")
    REFUSAL_DECISION = "refusal_decision", _("Surat keputusan penolakan")
    INFORMATION = "information", _("Informasi yang diberikan")
    OFFICER_MATERIAL = "officer_material", _("Bahan dari PPID Pelaksana")
    OBJECTION_RECEIPT = "objection_receipt", _("Tanda terima keberatan")
    OBJECTION_DECISION = "objection_decision", _("Tanggapan atasan PPID atas keberatan")


class RequestDocument(models.Model):
    """A letter or file kept with the request; files are private and served after a permission check."""

    request = models.ForeignKey(
        "requests_app.InformationRequest", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("berkas"), upload_to="private/documents/%Y/", max_length=255)
    filename = models.CharField(_("nama berkas"), max_length=200)
    visible_to_applicant = models.BooleanField(_("dapat diunduh pemohon"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("dokumen permohonan")
        verbose_name_plural = _("dokumen permohonan")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.filename
