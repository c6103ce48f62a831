"""Every action through the web: the happy path redirects with a message, a failing guard answers
with the right status and says why."""

from datetime import date, datetime

import pytest

from requests_app.models import (
    DocumentKind,
    InformationRequest,
    Outcome,
    RequestDocument,
    Status,
    UnitKind,
)
from requests_app.services.workflow import request_deliver, request_flag_incomplete
from tests.factories import PublicBodyFactory, UnitFactory
from tests.web_officer.conftest import (
    DAY_AFTER_DUE,
    JAKARTA,
    action_data,
    action_url,
    draft,
    page_url,
)


def post(client, request, slug, **fields):
    return client.post(action_url(request, slug), action_data(slug, **fields), follow=False)


def reload(request) -> InformationRequest:
    return InformationRequest.objects.get(pk=request.pk)


def assert_done(client, response, request, status, message):
    assert response.status_code == 302 and response.url == page_url(request)
    assert reload(request).status == status
    assert message in client.get(response.url).content.decode()


def assert_refused(response, status_code, message):
    assert response.status_code == status_code
    assert message in response.content.decode()


# ---- Registration desk (PPID Utama) -----------------------------------------------------------


def test_verify(as_user, utama_officer, registered):
    client = as_user(utama_officer)
    response = post(client, registered, "verifikasi", note="Identitas cocok")
    assert_done(client, response, registered, Status.IN_PROCESS, "mulai diproses")
    again = post(client, registered, "verifikasi")
    assert_refused(again, 409, "status permohonan saat ini adalah “Diproses”")


def test_flag_incomplete(as_user, utama_officer, registered):
    client = as_user(utama_officer)
    assert_refused(
        post(client, registered, "tidak-lengkap", missing="  "),
        400,
        "Tuliskan kekurangan yang harus dilengkapi.",
    )
    assert reload(registered).status == Status.REGISTERED
    response = post(client, registered, "tidak-lengkap", missing="Pindaian KTP")
    assert_done(client, response, registered, Status.AWAITING_COMPLETION, "Permintaan kelengkapan")
    assert reload(registered).completion_due_on == date(2025, 3, 27)


def test_complete(as_user, utama_officer, registered):
    client = as_user(utama_officer)
    assert_refused(post(client, registered, "lengkap"), 409, "status permohonan saat ini")
    request_flag_incomplete(request=registered, actor=utama_officer, missing="KTP")
    response = post(client, registered, "lengkap", note="KTP diterima")
    assert_done(client, response, registered, Status.REGISTERED, "Kelengkapan dicatat")


def test_close_incomplete(as_user, utama_officer, registered, clock):
    request_flag_incomplete(request=registered, actor=utama_officer, missing="KTP")
    client = as_user(utama_officer)
    assert_refused(
        post(client, registered, "tutup-tidak-lengkap"), 400, "Batas waktu melengkapi belum lewat."
    )
    clock.move_to(datetime(2025, 3, 28, 9, 0, tzinfo=JAKARTA))
    response = post(client, registered, "tutup-tidak-lengkap")
    assert_done(client, response, registered, Status.CLOSED_INCOMPLETE, "tidak dilengkapi")


def test_route(as_user, utama_officer, registered, opd):
    client = as_user(utama_officer)
    assert_refused(post(client, registered, "disposisi", unit=opd.pk), 409, "status permohonan")
    post(client, registered, "verifikasi")
    response = post(client, registered, "disposisi", unit=opd.pk)
    assert_done(client, response, registered, Status.ROUTED, "didisposisikan ke OPD")
    routed = reload(registered)
    assert routed.assigned_unit == opd and routed.due_on == date(2025, 4, 16)


def test_route_refuses_a_unit_of_another_body(as_user, utama_officer, in_process):
    foreign = UnitFactory(body=PublicBodyFactory(), kind=UnitKind.PELAKSANA)
    response = post(as_user(utama_officer), in_process, "disposisi", unit=foreign.pk)
    assert response.status_code == 400
    assert response.context["action_forms"][0][1].errors["unit"]
    assert reload(in_process).status == Status.IN_PROCESS


def test_reroute(as_user, utama_officer, routed, other_opd):
    client = as_user(utama_officer)
    assert_refused(
        post(client, routed, "alihkan", unit=other_opd.pk, reason=""),
        400,
        "Alasan pengalihan wajib diisi.",
    )
    response = post(client, routed, "alihkan", unit=other_opd.pk, reason="Bukan kewenangan Dindik")
    assert_done(client, response, routed, Status.ROUTED, "dialihkan ke OPD lain")
    assert reload(routed).assigned_unit == other_opd


def test_withdraw(as_user, utama_officer, notified, submit):
    client = as_user(utama_officer)
    assert_refused(
        post(client, notified, "cabut", reason="Surat pencabutan"), 409, "status permohonan"
    )
    fresh = submit().request
    response = post(client, fresh, "cabut", reason="Surat pencabutan tertanggal 24/3")
    assert_done(client, response, fresh, Status.WITHDRAWN, "Pencabutan permohonan dicatat")


def test_forward_to_a_body_on_this_installation(as_user, utama_officer, in_process):
    target = PublicBodyFactory(code="3673", slug="kota-serang", registration_code="SRG")
    client = as_user(utama_officer)
    assert_refused(post(client, in_process, "teruskan"), 400, "Sebutkan badan publik tujuan.")
    response = post(client, in_process, "teruskan", target_body=target.pk, note="Milik Pemkot")
    assert_done(client, response, in_process, Status.AWAITING_APPROVAL, "permohonan baru")
    created = InformationRequest.objects.get(forwarded_from=in_process)
    assert created.body == target and created.recorded_by == utama_officer
    assert reload(in_process).notice.outcome == Outcome.NOT_HELD


def test_forward_to_a_body_elsewhere_by_name(as_user, utama_officer, in_process):
    response = post(as_user(utama_officer), in_process, "teruskan", target_name="BPN Banten")
    assert response.status_code == 302
    assert reload(in_process).notice.holding_body_name == "BPN Banten"
    assert not InformationRequest.objects.filter(forwarded_from=in_process).exists()


# ---- OPD (PPID Pelaksana) ---------------------------------------------------------------------


def test_return(as_user, opd_officer, routed):
    client = as_user(opd_officer)
    assert_refused(post(client, routed, "kembalikan", note=""), 400, "Tuliskan bahan atau jawaban")
    response = post(client, routed, "kembalikan", note="Dokumen terlampir")
    assert_done(client, response, routed, Status.IN_PROCESS, "dikembalikan ke PPID Utama")


def test_extend(as_user, opd_officer, routed):
    client = as_user(opd_officer)
    response = post(client, routed, "perpanjang", reason="Dokumen di arsip inaktif")
    assert_done(client, response, routed, Status.EXTENDED, "Batas waktu diperpanjang")
    assert reload(routed).due_on == date(2025, 4, 28)
    assert RequestDocument.objects.filter(
        request=routed, kind=DocumentKind.EXTENSION_LETTER
    ).exists()
    again = post(client, routed, "perpanjang", reason="Lagi")
    assert_refused(again, 400, "Perpanjangan hanya dapat dilakukan satu kali")


def test_extend_refused_after_the_due_date(as_user, opd_officer, routed, clock):
    clock.move_to(DAY_AFTER_DUE)
    response = post(as_user(opd_officer), routed, "perpanjang", reason="Terlambat")
    assert_refused(response, 400, "sebelum batas waktu berakhir")
    assert reload(routed).status == Status.ROUTED


NOTICE = {
    "outcome": Outcome.GRANTED_FULLY,
    "material_description": "Salinan DPA 2025 (42 halaman)",
    "copy_format": "hardcopy",
    "provision_days": "3",
    "pages": "42",
    "payment_method": "Transfer ke rekening kas daerah",
}


def test_draft_notice(as_user, opd_officer, routed, tariff):
    client = as_user(opd_officer)
    response = post(client, routed, "pemberitahuan", **NOTICE)
    assert_done(client, response, routed, Status.AWAITING_APPROVAL, "menunggu persetujuan")
    notice = reload(routed).notice
    assert notice.fee_total == 42 * 500 and notice.fee_lines.count() == 1


def test_failed_draft_notice_keeps_the_typed_values(as_user, opd_officer, routed):
    typed = {
        "outcome": Outcome.GRANTED_PARTLY,
        "material_description": "Lampiran DPA tanpa data pegawai",
        "withheld_description": "Daftar NIK pegawai",
        "pages": "12",
    }
    response = post(as_user(opd_officer), routed, "pemberitahuan", **typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sebutkan dasar pengecualian Pasal 17" in page
    assert "Wajib diisi untuk keputusan ini." in page  # the redaction explanation
    assert "Lampiran DPA tanpa data pegawai" in page and "Daftar NIK pegawai" in page
    assert 'value="dikabulkan_sebagian" selected' in page and 'value="12"' in page
    assert 'id="aksi-pemberitahuan" open' in page
    assert reload(routed).status == Status.ROUTED


def test_draft_partial_grant_with_consequence_test(as_user, opd_officer, routed, consequence_test):
    response = post(
        as_user(opd_officer),
        routed,
        "pemberitahuan",
        outcome=Outcome.GRANTED_PARTLY,
        material_description="DPA",
        withheld_description="NIK pegawai",
        redaction_explanation="Dihitamkan",
        exemption_letter="h",
        exemption_subitem="3",
        consequence_test=consequence_test.pk,
        copy_format="softcopy",
        provision_days="2",
    )
    assert response.status_code == 302
    assert reload(routed).notice.exemption_citation == "Pasal 17 huruf h angka 3 UU 14/2008"


def test_record_payment(as_user, opd_officer, awaiting_payment):
    client = as_user(opd_officer)
    assert_refused(post(client, awaiting_payment, "pembayaran", reference=""), 400, "Isi bukti")
    response = post(client, awaiting_payment, "pembayaran", reference="TRF-20250410-01")
    assert response.status_code == 302
    assert reload(awaiting_payment).payment_reference == "TRF-20250410-01"
    assert "Pembayaran dicatat." in client.get(response.url).content.decode()


def test_record_payment_on_a_free_notice_is_a_conflict(as_user, opd_officer, notified):
    response = post(as_user(opd_officer), notified, "pembayaran", reference="TRF-1")
    assert_refused(response, 409, "status saat ini")


def test_deliver(as_user, opd_officer, notified):
    client = as_user(opd_officer)
    future = post(client, notified, "serahkan", handover_on="2025-03-31")
    assert_refused(future, 400, "Tanggal penyerahan tidak boleh di masa depan.")
    response = post(
        client, notified, "serahkan", handover_on="2025-03-24", link="https://ppid.example/dpa"
    )
    assert_done(client, response, notified, Status.DELIVERED, "Penyerahan informasi dicatat.")
    assert reload(notified).delivery_link == "https://ppid.example/dpa"


def test_close(as_user, opd_officer, notified):
    client = as_user(opd_officer)
    assert_refused(post(client, notified, "tutup"), 400, "harus diserahkan sebelum")
    request_deliver(request=notified, actor=opd_officer)
    response = post(client, notified, "tutup", note="Selesai")
    assert_done(client, response, notified, Status.CLOSED, "Permohonan ditutup.")


# ---- Signer -----------------------------------------------------------------------------------


def test_request_revision(as_user, signer, awaiting_approval):
    client = as_user(signer)
    assert_refused(
        post(client, awaiting_approval, "minta-perbaikan", note=""), 400, "perlu diperbaiki"
    )
    response = post(client, awaiting_approval, "minta-perbaikan", note="Lengkapi media")
    assert_done(client, response, awaiting_approval, Status.IN_PROCESS, "dikembalikan untuk")


def test_approve(as_user, signer, opd_officer, awaiting_approval):
    refused = post(as_user(opd_officer), awaiting_approval, "setujui")
    assert_refused(refused, 403, "tidak berwenang")
    client = as_user(signer)
    response = post(client, awaiting_approval, "setujui")
    assert_done(client, response, awaiting_approval, Status.NOTIFIED, "disetujui dan dikirim")
    assert RequestDocument.objects.filter(
        request=awaiting_approval, kind=DocumentKind.NOTICE
    ).exists()


def test_approve_with_a_fee_waits_for_payment(as_user, signer, opd_officer, routed, tariff):
    draft(routed, opd_officer, copy_format="hardcopy", pages=4)
    response = post(as_user(signer), routed, "setujui")
    assert response.status_code == 302
    assert reload(routed).status == Status.AWAITING_PAYMENT


# ---- Access -----------------------------------------------------------------------------------


def test_other_opd_posting_an_action_gets_404(as_user, other_opd_officer, routed):
    response = post(as_user(other_opd_officer), routed, "perpanjang", reason="x")
    assert response.status_code == 404
    assert reload(routed).status == Status.ROUTED


def test_supervisor_posting_an_action_gets_403(as_user, supervisor, routed):
    response = post(as_user(supervisor), routed, "perpanjang", reason="x")
    assert_refused(response, 403, "tidak berwenang")


def test_unknown_action_is_404(as_user, utama_officer, registered):
    assert post(as_user(utama_officer), registered, "hapus").status_code == 404


def test_actions_only_accept_post(as_user, utama_officer, registered):
    assert as_user(utama_officer).get(action_url(registered, "verifikasi")).status_code == 405


@pytest.mark.parametrize(
    ("user", "slug", "fields"),
    [
        ("signer", "setujui", {}),
        (
            "opd_officer",
            "pemberitahuan",
            {"outcome": "tidak_dikuasai", "holding_body_unknown": "on"},
        ),
    ],
)
def test_actions_after_the_notice_was_sent_are_conflicts(
    as_user, request, notified, user, slug, fields
):
    response = post(as_user(request.getfixturevalue(user)), notified, slug, **fields)
    assert_refused(response, 409, "status permohonan saat ini adalah “Pemberitahuan tertulis")
    assert reload(notified).notice.outcome == Outcome.GRANTED_FULLY
