"""Reads for the public catalogue: the Daftar Informasi Publik (DIP, Pasal 9-11), the Daftar
Informasi yang Dikecualikan (DIK, built from published consequence tests, Pasal 17 and 19), and
the DIP items a request may already be answered by ("sudah tersedia", A15)."""

from __future__ import annotations

import operator
import re
from functools import reduce

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from requests_app.errors import ObjectNotFound
from requests_app.models import ConsequenceTest, DipItem, InformationRequest

MIN_WORD_LENGTH = 4
MATCH_WORDS = 6
SEARCH_TERMS = 8
_WORD = re.compile(r"[^\W\d_]+")

# Words that carry no subject in a request or a DIP title: Indonesian function words, request
# boilerplate ("mohon salinan dokumen ...") and organisation words every item shares.
STOP_WORDS = frozenset(
    """
    adalah agar akan antara atas atau bagaimana bagi bahwa baik banyak beberapa belum berapa
    berdasarkan berikut berupa bisa dalam dapat dengan demikian hanya hingga jika juga kalau
    karena kepada ketika kami kita lain lainnya masih melalui mengenai menjadi menurut merupakan
    oleh pada para saat saja sama sampai sebagai sebagaimana sebelum sedang sejak sekitar selama
    semua seluruh sendiri seperti serta setelah setiap sudah supaya tahun tanpa telah tentang
    terhadap terkait tersebut untuk yaitu yakni yang
    mohon memohon minta meminta permintaan permohonan salinan copy informasi dokumen data berkas
    lengkap rincian daftar nomor tanggal bulan terbaru mana saya anda
    dinas badan kantor pemerintah pemerintahan provinsi kabupaten kota daerah bidang bagian
    """.split()
)


def dip_list(*, body=None, information_class: str | None = None, q: str | None = None):
    """Published DIP items, with `body` and `responsible_unit` joined (one query per page).

    `q` is split into words; an item matches when every word is in its title or summary.
    """
    items = DipItem.objects.published().select_related("body", "responsible_unit")
    if body is not None:
        items = items.filter(body=body)
    if information_class:
        items = items.filter(information_class=information_class)
    for term in _search_terms(q):
        items = items.filter(Q(title__icontains=term) | Q(summary__icontains=term))
    return items.order_by("body__name", "information_class", "title", "pk")


def dik_list(*, body=None, q: str | None = None) -> QuerySet[ConsequenceTest]:
    """The DIK: published consequence tests, newest decision first, `body` and `unit` joined.

    Each row carries the document, the exempted part, `legal_basis` (Pasal 17 huruf/angka, jo.
    the other statute for huruf j), the exemption period and the PPID's SK number and date.
    """
    tests = ConsequenceTest.objects.filter(is_published=True).select_related("body", "unit")
    if body is not None:
        tests = tests.filter(body=body)
    for term in _search_terms(q):
        tests = tests.filter(
            Q(document__icontains=term)
            | Q(exempted_part__icontains=term)
            | Q(decision_reference__icontains=term)
        )
    return tests.order_by("body__name", "-decided_on", "document", "pk")


def dip_item_file_get(*, pk: int) -> DipItem:
    """A published DIP item that has a file, or ObjectNotFound (unpublished files stay private)."""
    item = DipItem.objects.published().exclude(file="").filter(pk=pk).first()
    if item is None:
        raise ObjectNotFound(_("Berkas tidak ditemukan."))
    return item


def significant_words(text: str, limit: int = MATCH_WORDS) -> list[str]:
    """The words of `text` worth matching on: lower-case, letters only, no stop words, at least
    four letters, without repeats; the longest (most specific) first, at most `limit`."""
    words = (word.lower() for word in _WORD.findall(text or ""))
    unique = dict.fromkeys(w for w in words if len(w) >= MIN_WORD_LENGTH and w not in STOP_WORDS)
    # sorted() is stable, so words of equal length keep the order the applicant wrote them in.
    return sorted(unique, key=len, reverse=True)[:limit]


def dip_matches_for(request: InformationRequest, limit: int = 5) -> list[DipItem]:
    """Published DIP items of the request's body that share words with what was asked, best first.

    Ranked by how many of the request's significant words an item contains (in title or summary),
    then by how many are in its title. One query; an empty list when nothing is worth matching.
    """
    words = significant_words(request.information_requested)
    if not words:
        return []
    anywhere = [Q(title__icontains=w) | Q(summary__icontains=w) for w in words]
    items = (
        DipItem.objects.published()
        .filter(body_id=request.body_id)
        .filter(reduce(operator.or_, anywhere))
        .select_related("responsible_unit")
        .annotate(
            score=_count_matching(anywhere),
            title_score=_count_matching([Q(title__icontains=w) for w in words]),
        )
        .order_by("-score", "-title_score", "title", "pk")
    )
    return list(items[:limit])


def _count_matching(conditions: list[Q]):
    return reduce(
        operator.add,
        (
            Case(When(c, then=Value(1)), default=Value(0), output_field=IntegerField())
            for c in conditions
        ),
    )


def _search_terms(q: str | None) -> list[str]:
    return (q or "").split()[:SEARCH_TERMS]
