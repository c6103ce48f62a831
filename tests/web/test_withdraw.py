from django.urls import reverse

from requests_app.models import RequestEvent, Status


def test_applicant_withdraws_from_the_tracking_session(client, submit):
    result = submit()
    request = result.request
    track = reverse("track_request", args=[request.registration_number])
    client.get(f"{track}?token={result.tracking_token}")  # the session now holds the grant
    url = reverse("withdraw_request", args=[request.registration_number])
    response = client.post(url, {"reason": "Informasi sudah saya peroleh"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    event = RequestEvent.objects.get(request=request, code="request.withdrawn")
    assert event.actor_label == request.full_name and event.note == "Informasi sudah saya peroleh"


def test_withdrawal_needs_a_reason_and_keeps_the_page(client, submit):
    result = submit()
    request = result.request
    client.get(
        reverse("track_request", args=[request.registration_number])
        + f"?token={result.tracking_token}"
    )
    response = client.post(
        reverse("withdraw_request", args=[request.registration_number]), {"reason": ""}
    )
    assert (
        response.status_code == 400 and "Alasan pencabutan wajib diisi" in response.content.decode()
    )
    request.refresh_from_db()
    assert request.status == Status.REGISTERED


def test_a_stranger_cannot_withdraw(client, submit):
    request = submit().request
    response = client.post(
        reverse("withdraw_request", args=[request.registration_number]), {"reason": "x"}
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == Status.REGISTERED
