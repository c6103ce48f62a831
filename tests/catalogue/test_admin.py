import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from requests_app.models import FeeLine, Outcome, RequestDocument, Tariff, WrittenNotice
from tests.catalogue.factories import ConsequenceTestFactory, DipItemFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="admin-ppid", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.fixture
def notice(submit):
    request = submit().request
    notice = WrittenNotice.objects.create(
        request=request, outcome=Outcome.GRANTED_FULLY, fee_total=5000
    )
    FeeLine.objects.create(
        notice=notice,
        kind="penggandaan",
        description="Penggandaan 10 lembar",
        quantity=10,
        unit_price=500,
        amount=5000,
    )
    return notice


@pytest.fixture
def document(notice):
    document = RequestDocument(
        request=notice.request,
        kind="notice",
        filename="pemberitahuan.pdf",
        created_at=timezone.now(),
    )
    document.file.save("pemberitahuan.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return document


@pytest.fixture
def tariff(body):
    return Tariff.objects.create(
        body=body, effective_from="2025-01-01", sk_reference="SK/TARIF/1/2025", copy_per_page=500
    )


def test_catalogue_changelists_and_change_pages_load(admin_client, body, tariff):
    objects = {
        "dipitem": DipItemFactory(body=body),
        "consequencetest": ConsequenceTestFactory(body=body),
        "tariff": tariff,
    }
    for name, obj in objects.items():
        changelist = admin_client.get(reverse(f"admin:requests_app_{name}_changelist"))
        assert changelist.status_code == 200, name
        change = admin_client.get(reverse(f"admin:requests_app_{name}_change", args=[obj.pk]))
        assert change.status_code == 200, name
        add = admin_client.get(reverse(f"admin:requests_app_{name}_add"))
        assert add.status_code == 200, name


def test_changelist_filters_and_search_work(admin_client, body):
    DipItemFactory(body=body, title="Rencana strategis", information_class="berkala")
    DipItemFactory(body=body, title="Peringatan dini", information_class="serta_merta")
    url = reverse("admin:requests_app_dipitem_changelist")
    response = admin_client.get(url, {"information_class__exact": "serta_merta", "q": "dini"})
    assert response.context["cl"].result_count == 1
    test = ConsequenceTestFactory(body=body, exemption_letter="h")
    url = reverse("admin:requests_app_consequencetest_changelist")
    response = admin_client.get(url, {"exemption_letter__exact": "h", "q": test.decision_reference})
    assert response.context["cl"].result_count == 1


def test_consequence_test_admin_refuses_letter_h_without_sub_item(admin_client, body):
    data = {
        "body": body.pk,
        "document": "Data kepegawaian",
        "exempted_part": "Riwayat kesehatan",
        "exemption_letter": "h",
        "exemption_subitem": "",
        "harm_if_disclosed": "x",
        "public_interest_balance": "y",
        "decided_on": "2025-02-03",
        "decision_reference": "SK/1",
        "signed_by": "PPID",
    }
    response = admin_client.post(reverse("admin:requests_app_consequencetest_add"), data)
    assert response.status_code == 200
    assert "exemption_subitem" in response.context["adminform"].form.errors


def test_written_notice_is_read_only_with_fee_lines(admin_client, notice):
    changelist = admin_client.get(reverse("admin:requests_app_writtennotice_changelist"))
    assert changelist.status_code == 200
    page = admin_client.get(reverse("admin:requests_app_writtennotice_change", args=[notice.pk]))
    assert page.status_code == 200
    assert "Penggandaan 10 lembar" in page.content.decode()
    assert not page.context["has_change_permission"]
    add = admin_client.get(reverse("admin:requests_app_writtennotice_add"))
    assert add.status_code == 403
    delete = admin_client.post(
        reverse("admin:requests_app_writtennotice_delete", args=[notice.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403 and WrittenNotice.objects.filter(pk=notice.pk).exists()


def test_request_document_is_listed_without_a_link_to_the_file(admin_client, document):
    changelist = admin_client.get(reverse("admin:requests_app_requestdocument_changelist"))
    assert changelist.status_code == 200 and "pemberitahuan.pdf" in changelist.content.decode()
    page = admin_client.get(
        reverse("admin:requests_app_requestdocument_change", args=[document.pk])
    )
    assert page.status_code == 200
    content = page.content.decode()
    assert document.file.name not in content and document.file.url not in content
    add = admin_client.get(reverse("admin:requests_app_requestdocument_add"))
    assert add.status_code == 403
    change = admin_client.post(
        reverse("admin:requests_app_requestdocument_change", args=[document.pk]),
        {"filename": "ganti.pdf"},
    )
    assert change.status_code == 403
    document.refresh_from_db()
    assert document.filename == "pemberitahuan.pdf"
