import pytest
from django.urls import reverse

from requests_app.models import DocumentKind, Notification, RequestDocument, RequestEvent, Role
from requests_app.notifications.outbox import notification_create, notification_deliver
from requests_app.services.requests import request_submit
from requests_app.services.workflow import request_extend
from tests.factories import VALID_NIK, MembershipFactory, UserFactory, request_input
from tests.web.conftest import pdf_upload
from tests.web_officer.conftest import action_url, page_url


def offered(response) -> list[str]:
    return [spec.slug for spec, _form in response.context["action_forms"]]


def identity_events(request):
    return RequestEvent.objects.filter(request=request, code="request.identity.viewed")


def test_other_opd_gets_404_on_the_request_page(as_user, other_opd_officer, routed):
    assert as_user(other_opd_officer).get(page_url(routed)).status_code == 404


def test_opd_officer_gets_404_for_a_request_not_routed_to_it(as_user, opd_officer, registered):
    assert as_user(opd_officer).get(page_url(registered)).status_code == 404


def test_citizen_and_anonymous_cannot_open_the_request_page(client, as_user, citizen, registered):
    assert client.get(page_url(registered)).status_code == 302
    assert as_user(citizen).get(page_url(registered)).status_code == 404


def test_page_shows_the_full_record_and_deadline(as_user, utama_officer, registered):
    response = as_user(utama_officer).get(page_url(registered))
    page = response.content.decode()
    assert response.status_code == 200
    assert registered.registration_number in page and "Siti Aminah" in page
    assert "Salinan DPA Dinas Pendidikan tahun anggaran 2025" in page
    assert "Penelitian anggaran pendidikan" in page
    assert "Rabu, 16 April 2025" in page and "10 hari kerja" in page
    assert "Dicatat oleh petugas" not in page and "Diterima melalui web" in page
    assert response["Cache-Control"] == "no-store, private"


def test_ppid_utama_is_offered_the_registration_actions(as_user, utama_officer, registered):
    response = as_user(utama_officer).get(page_url(registered))
    assert offered(response) == ["verifikasi", "tidak-lengkap", "cabut"]
    assert action_url(registered, "verifikasi") in response.content.decode()


def test_supervisor_sees_no_action_buttons(as_user, supervisor, routed):
    response = as_user(supervisor).get(page_url(routed))
    page = response.content.decode()
    assert response.status_code == 200 and offered(response) == []
    assert "Tidak ada tindakan yang dapat Anda lakukan" in page
    assert "/petugas/permohonan/" + str(routed.pk) + "/perpanjang/" not in page
    assert "Tampilkan NIK" not in page


def test_opd_officer_may_extend_and_draft_but_not_route(as_user, opd_officer, routed):
    response = as_user(opd_officer).get(page_url(routed))
    assert offered(response) == ["kembalikan", "perpanjang", "pemberitahuan"]
    assert "disposisi" not in offered(response) and "alihkan" not in offered(response)


def test_ppid_utama_may_route_a_verified_request(as_user, utama_officer, in_process):
    response = as_user(utama_officer).get(page_url(in_process))
    assert "disposisi" in offered(response) and "perpanjang" in offered(response)
    assert "verifikasi" not in offered(response)


def test_extension_is_not_offered_twice(as_user, opd_officer, routed):
    request_extend(request=routed, actor=opd_officer, reason="Arsip di gudang")
    response = as_user(opd_officer).get(page_url(routed))
    assert "perpanjang" not in offered(response) and "pemberitahuan" in offered(response)


def test_signer_is_offered_approval_and_revision(as_user, signer, awaiting_approval):
    response = as_user(signer).get(page_url(awaiting_approval))
    assert offered(response) == ["minta-perbaikan", "setujui"]


def test_notice_with_fee_lines_and_documents_are_listed(as_user, utama_officer, awaiting_payment):
    page = as_user(utama_officer).get(page_url(awaiting_payment)).content.decode()
    assert "Pemberitahuan tertulis" in page and "Dikabulkan seluruhnya" in page
    assert "Penggandaan 10 lembar" in page and "5000" in page
    letter = RequestDocument.objects.get(request=awaiting_payment, kind=DocumentKind.NOTICE)
    assert letter.filename in page
    assert reverse("document_download", kwargs={"pk": letter.pk}) in page
    receipt = reverse("request_receipt_download", kwargs={"request_pk": awaiting_payment.pk})
    assert receipt in page


def test_extended_deadline_shows_original_and_extended_dates(as_user, opd_officer, routed):
    request_extend(request=routed, actor=opd_officer, reason="Arsip di gudang")
    page = as_user(opd_officer).get(page_url(routed)).content.decode()
    assert "Rabu, 16 April 2025" in page  # the original 10 HK date
    assert "Senin, 28 April 2025" in page and "Arsip di gudang" in page


def test_nik_is_masked_until_shown_and_showing_it_is_logged(as_user, opd_officer, routed):
    client = as_user(opd_officer)
    page = client.get(page_url(routed)).content.decode()
    assert VALID_NIK not in page and "************0001" in page and "Tampilkan NIK" in page
    response = client.post(reverse("officer_identity_nik", kwargs={"pk": routed.pk}))
    assert response.status_code == 200 and VALID_NIK in response.content.decode()
    event = identity_events(routed).get()
    assert event.actor == opd_officer and event.data == {"item": "nik"}
    assert "Data identitas pemohon dilihat (NIK)" in response.content.decode()
    # Switching language afterwards goes back to the page, not to the POST-only URL.
    assert f'name="next" value="{page_url(routed)}"' in response.content.decode()


def test_supervisor_cannot_show_the_nik(as_user, supervisor, routed):
    response = as_user(supervisor).post(reverse("officer_identity_nik", kwargs={"pk": routed.pk}))
    assert response.status_code == 403 and VALID_NIK not in response.content.decode()
    assert not identity_events(routed).exists()


def test_nik_cannot_be_shown_with_a_get(as_user, opd_officer, routed):
    url = reverse("officer_identity_nik", kwargs={"pk": routed.pk})
    assert as_user(opd_officer).get(url).status_code == 405
    assert not identity_events(routed).exists()


@pytest.fixture
def with_scan(clock, body):
    data = request_input(identity_document=pdf_upload())
    return request_submit(body=body, data=data).request


def test_identity_scan_download_is_logged(as_user, utama_officer, supervisor, with_scan):
    url = reverse("officer_identity_file", kwargs={"pk": with_scan.pk, "kind": "ktp"})
    page = as_user(utama_officer).get(page_url(with_scan)).content.decode()
    assert url in page
    response = as_user(utama_officer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert identity_events(with_scan).get().data == {"item": "identity_document"}
    assert as_user(supervisor).get(url).status_code == 403
    assert identity_events(with_scan).count() == 1


def test_missing_identity_file_is_404(as_user, utama_officer, registered):
    url = reverse("officer_identity_file", kwargs={"pk": registered.pk, "kind": "surat-kuasa"})
    assert as_user(utama_officer).get(url).status_code == 404


def test_signer_at_opd_with_delegation_sees_approval(as_user, body, opd, awaiting_approval):
    body.signing_delegated_to_pelaksana = True
    body.save()
    opd_signer = UserFactory(username="penandatangan-opd")
    MembershipFactory(user=opd_signer, body=body, unit=opd, role=Role.SIGNER)
    response = as_user(opd_signer).get(page_url(awaiting_approval))
    assert "setujui" in offered(response)


def test_revision_reopens_the_notice_form_with_the_drafted_values(
    as_user, opd_officer, signer, awaiting_approval
):
    as_user(signer).post(
        action_url(awaiting_approval, "minta-perbaikan"),
        {"minta-perbaikan-note": "Sebutkan tahun anggaran"},
    )
    response = as_user(opd_officer).get(page_url(awaiting_approval))
    forms = {spec.slug: form for spec, form in response.context["action_forms"]}
    assert forms["pemberitahuan"].initial["material_description"] == "Salinan DPA 2025"
    assert "Sebutkan tahun anggaran" in response.content.decode()


def _deliver_receipt(request):
    receipt = Notification.objects.get(request=request, kind="request_receipt")
    assert notification_deliver(notification_id=receipt.pk)
    return receipt


def test_request_page_shows_messages_attempts_and_explanation(as_user, utama_officer, registered):
    _deliver_receipt(registered)

    page = as_user(utama_officer).get(page_url(registered)).content.decode()

    messages = page.split('id="pesan-judul"')[1].split("</section>")[0]
    assert f"Tanda bukti permohonan informasi {registered.registration_number}" in messages
    row = messages.split('<tr class="delivery-sent">')[1].split("</tr>")[0]
    assert "Terkirim" in row and "siti@example.org" in row
    assert "<td>1</td>" in row  # one delivery attempt
    assert "24 Maret 2025 pukul 09.00 WIB" in row  # sent at (the frozen clock)
    explanation = page.split('class="card deadline-explanation" open>')[1].split("</details>")[0]
    assert "Mengapa batas waktunya tanggal ini?" in explanation
    skipped = explanation.split('<tr class="day-skipped">')[1:]
    reasons = " ".join(skipped)
    assert "Sabtu, 29 Maret 2025" in reasons and "Akhir pekan" in reasons
    assert "Senin, 31 Maret 2025" in reasons and "Libur nasional" in reasons
    assert "Rabu, 2 April 2025" in reasons and "Cuti bersama" in reasons
    assert "Hari kerja ke-10" in explanation and "Rabu, 16 April 2025" in explanation


def test_request_page_queries_do_not_grow_with_messages(
    as_user, utama_officer, opd_officer, routed, django_assert_max_num_queries
):
    client = as_user(utama_officer)
    client.get(page_url(routed))  # warm the calendar cache
    with django_assert_max_num_queries(20) as few:
        client.get(page_url(routed))
    for n in range(5):
        notification_create(
            kind="request_update",
            context={"request": routed, "headline": f"Kabar {n}", "message": "Isi"},
            request=routed,
            recipient_address=routed.email,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(page_url(routed)).content.decode()
    assert "Kabar 4" in page
