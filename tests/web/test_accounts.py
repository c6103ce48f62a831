from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_app.services.requests import request_submit
from tests.factories import PublicBodyFactory, UserFactory, request_input


def test_signup_creates_an_account_and_logs_in(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "ani",
            "email": "ani@example.org",
            "password1": "kata-sandi-panjang-42",
            "password2": "kata-sandi-panjang-42",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("my_requests")
    assert get_user_model().objects.get(username="ani").email == "ani@example.org"
    assert client.get(reverse("my_requests")).status_code == 200


def test_signup_errors_keep_values_and_refuse_a_used_email(client, citizen):
    response = client.post(
        reverse("signup"),
        {"username": "baru", "email": citizen.email, "password1": "a", "password2": "b"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="baru"' in page and '<a href="#id_email">' in page
    assert "Email ini sudah dipakai akun lain." in page


def test_login_and_logout(client, citizen):
    assert "Masuk ke akun" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("login"), {"username": "warga", "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert "Permohonan saya" in client.get(reverse("home")).content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("my_requests")).status_code == 302


def test_my_requests_needs_login(client, db):
    response = client.get(reverse("my_requests"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_my_requests_lists_only_my_own(client, body, citizen):
    mine = request_submit(body=body, data=request_input(), applicant=citizen).request
    theirs = request_submit(
        body=body, data=request_input(), applicant=UserFactory(username="lain")
    ).request
    anonymous = request_submit(body=body, data=request_input()).request
    client.force_login(citizen)

    page = client.get(reverse("my_requests")).content.decode()

    assert mine.registration_number in page
    assert theirs.registration_number not in page
    assert anonymous.registration_number not in page
    assert "Terdaftar" in page


def test_my_requests_query_count_does_not_grow_with_rows(
    client, body, citizen, django_assert_max_num_queries
):
    client.force_login(citizen)
    request_submit(body=body, data=request_input(), applicant=citizen)
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("my_requests"))
    other_body = PublicBodyFactory()
    for target in (body, other_body) * 5:
        request_submit(body=target, data=request_input(), applicant=citizen)

    with django_assert_max_num_queries(len(one_row.captured_queries)):
        page = client.get(reverse("my_requests")).content.decode()
    assert page.count("<tr>") == 1 + 11
