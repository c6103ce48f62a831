"""Rate limits on the citizen web forms (request form, tracking, objection form) at the API's rates
and on the API's counters; the 429 page says when to retry and loses nothing the visitor typed.
Also the API objection filing's throttle, and the cache that makes the counters shared."""

from __future__ import annotations

import html
import json
import os
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from requests_app.models import InformationRequest, Objection
from tests.api.conftest import SUBMIT_URL, submission_payload
from tests.objections.conftest import AFTER_DUE, clock, flow  # noqa: F401 - fixtures
from tests.test_settings import run_python

pytestmark = pytest.mark.django_db

WAIT_TEXT = re.compile(r"Silakan coba lagi dalam (\d+) menit\.")


@pytest.fixture
def tight_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"submission": "2/hour", "tracking": "3/min"},
    }


def _assert_429_page(response, *, max_minutes: int) -> str:
    page = response.content.decode()
    assert response.status_code == 429
    assert "Terlalu banyak permintaan" in page
    minutes = WAIT_TEXT.search(page)
    assert minutes and 1 <= int(minutes.group(1)) <= max_minutes, page
    assert 0 < int(response["Retry-After"]) <= max_minutes * 60
    assert "no-store" in response["Cache-Control"]
    return page


def _track_url(number: str, token: str | None = None) -> str:
    url = reverse("track_request", kwargs={"registration_number": number})
    return f"{url}?token={token}" if token is not None else url


# ---- Request form -------------------------------------------------------------------------------


def test_request_form_over_the_rate_is_429_and_stores_nothing(
    client, body, form_url, form_data, tight_rates
):
    answers = [client.post(form_url, form_data()).status_code for _ in range(2)]
    data = form_data(full_name="Rahmat Hidayat", information_requested="Salinan SK <b>2025</b>")

    refused = client.post(
        form_url, {**data, "identity_document": SimpleUploadedFile("ktp.pdf", b"%PDF-1.4\n")}
    )

    assert answers == [302, 302]
    page = _assert_429_page(refused, max_minutes=60)
    assert "Isian Anda belum diproses dan belum ada yang tersimpan." in page
    assert InformationRequest.objects.count() == 2
    # Nothing typed is lost: the page sends the same fields again with one click (escaped).
    assert f'<form method="post" action="{form_url}"' in page
    assert 'name="full_name" value="Rahmat Hidayat"' in page
    assert 'value="Salinan SK &lt;b&gt;2025&lt;/b&gt;"' in page
    assert "pilih ulang berkasnya" in page
    assert page.count('name="csrfmiddlewaretoken"') == 2  # the language switch and the resend form
    # Reading the empty form is not counted.
    assert client.get(form_url).status_code == 200


def test_resending_from_the_429_page_after_the_wait_submits_the_request(
    client, body, form_url, form_data, tight_rates, settings
):
    for _ in range(2):
        client.post(form_url, form_data())
    page = client.post(form_url, form_data(full_name="Rahmat Hidayat")).content.decode()
    fields = [
        (name, html.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
        if name != "csrfmiddlewaretoken"
    ]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"submission": "10/hour", "tracking": "3/min"},
    }
    resent: dict[str, list[str]] = {}
    for name, value in fields:
        resent.setdefault(name, []).append(value)

    response = client.post(form_url, resent)

    assert response.status_code == 302
    assert InformationRequest.objects.latest("pk").full_name == "Rahmat Hidayat"


def test_web_form_and_api_share_one_submission_budget(
    client, body, form_url, form_data, tight_rates
):
    api = APIClient()
    assert api.post(SUBMIT_URL, submission_payload(), format="json").status_code == 201
    assert client.post(form_url, form_data()).status_code == 302

    assert client.post(form_url, form_data()).status_code == 429
    assert api.post(SUBMIT_URL, submission_payload(), format="json").status_code == 429
    assert InformationRequest.objects.count() == 2


def test_signed_in_citizens_are_counted_per_account(
    client, body, form_url, form_data, tight_rates, citizen
):
    for _ in range(2):
        client.post(form_url, form_data())
    assert client.post(form_url, form_data()).status_code == 429

    client.force_login(citizen)  # same address, own budget

    assert client.post(form_url, form_data()).status_code == 302


# ---- Tracking -----------------------------------------------------------------------------------


def test_tracking_lookup_guesses_are_throttled(client, submit, tight_rates):
    number = submit().request.registration_number
    guesses = [
        client.post(reverse("track_lookup"), {"registration_number": number, "token": f"t-{n}"})
        for n in range(4)
    ]

    assert [answer.status_code for answer in guesses[:3]] == [404, 404, 404]
    page = _assert_429_page(guesses[3], max_minutes=1)
    assert f'name="registration_number" value="{number}"' in page
    assert f'action="{reverse("track_lookup")}"' in page
    # Reading the lookup form is not counted.
    assert client.get(reverse("track_lookup")).status_code == 200


def test_tracking_links_with_a_token_are_throttled_but_the_granted_page_is_not(
    client, submit, tight_rates
):
    submitted = submit()
    number = submitted.request.registration_number
    assert client.get(_track_url(number, submitted.tracking_token)).status_code == 302
    guesser = Client()  # same address, no grant
    wrong = [guesser.get(_track_url(number, f"salah-{n}")).status_code for n in range(2)]

    refused = guesser.get(_track_url(number, submitted.tracking_token))

    assert wrong == [404, 404]
    page = _assert_429_page(refused, max_minutes=1)
    assert "Permintaan ini belum diproses." in page
    assert submitted.tracking_token not in page
    # The session grant from the first visit still opens the page: only token links count.
    assert [client.get(_track_url(number)).status_code for _ in range(5)] == [200] * 5


def test_tracking_budget_is_shared_with_the_api(client, submit, tight_rates):
    number = submit().request.registration_number
    api = APIClient()
    for n in range(3):
        assert api.get(f"/api/v1/track/{number}/", {"token": f"t-{n}"}).status_code == 404

    assert client.get(_track_url(number, "lagi")).status_code == 429


# ---- Objections ---------------------------------------------------------------------------------


def _objection_url(request) -> str:
    return reverse("objection_create", kwargs={"registration_number": request.registration_number})


def test_objection_form_over_the_rate_is_429_and_files_nothing(client, flow, clock, tight_rates):  # noqa: F811
    request, token = flow.routed()
    clock(AFTER_DUE)
    url = _objection_url(request)
    # The tracking link leaves a grant in the session (one tracking request counted).
    assert client.get(_track_url(request.registration_number, token)).status_code == 302
    incomplete = [client.post(url, {"grounds": ["c"]}).status_code for _ in range(2)]

    refused = client.post(url, {"grounds": ["c", "e"], "case_facts": "Belum dijawab."})

    assert incomplete == [400, 400]
    page = _assert_429_page(refused, max_minutes=1)
    assert 'name="case_facts" value="Belum dijawab."' in page
    assert 'name="grounds" value="c"' in page and 'name="grounds" value="e"' in page
    assert not Objection.objects.exists()
    assert client.get(url).status_code == 200  # reading the form is not counted


def test_api_objection_filing_is_throttled(flow, clock, tight_rates):  # noqa: F811
    request, token = flow.routed()
    clock(AFTER_DUE)
    api = APIClient()
    url = f"/api/v1/track/{request.registration_number}/objections/"
    body = {"grounds": ["c"], "case_facts": "Belum dijawab."}
    guesses = [
        api.post(url, body, format="json", HTTP_X_TRACKING_TOKEN=f"t-{n}").status_code
        for n in range(3)
    ]

    refused = api.post(url, body, format="json", HTTP_X_TRACKING_TOKEN=token)

    assert guesses == [404, 404, 404]
    assert refused.status_code == 429
    assert refused.json()["message"].startswith("Terlalu banyak permintaan. Coba lagi dalam ")
    assert int(refused["Retry-After"]) > 0
    assert not Objection.objects.exists()


# ---- The cache holding the counters -----------------------------------------------------------

READ_CACHE = (
    "import json; from django.conf import settings as s; print(json.dumps(s.CACHES['default']))"
)


def test_the_embedded_default_counts_in_process_memory():
    result = run_python(READ_CACHE, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_redis_broker_gives_a_shared_redis_cache_beside_the_queues():
    result = run_python(READ_CACHE, DEBUG="1", CELERY_BROKER_URL="redis://redis.internal:6379/0")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Not the broker's database: cache.clear() flushes a whole database.
        "LOCATION": "redis://redis.internal:6379/1",
    }


def test_cache_url_chooses_the_cache():
    result = run_python(
        READ_CACHE,
        DEBUG="1",
        CELERY_BROKER_URL="redis://redis.internal:6379/0",
        CACHE_URL="redis://cache.internal:6379/5",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/5",
    }


COUNT_ONE = """
import django, json
django.setup()
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from requests_app.ratelimit import TRACKING, rate_limit_wait
request = RequestFactory().post("/lacak/", REMOTE_ADDR="{address}")
request.user = AnonymousUser()
print(json.dumps(rate_limit_wait(request, TRACKING)))
"""


@pytest.mark.redis_broker
def test_separate_processes_share_the_counters_through_redis():
    """Two gunicorn workers are two processes: the second one sees the first one's requests."""
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    env = {
        "DEBUG": "1",
        "CELERY_BROKER_URL": os.environ["CELERY_BROKER_URL"],
        "THROTTLE_TRACKING": "2/hour",
    }
    code = COUNT_ONE.format(address=address)
    waits = [json.loads(run_python(code, **env).stdout) for _ in range(3)]

    assert waits[:2] == [None, None]
    assert waits[2] is not None and waits[2] > 0


def test_the_429_page_is_translated(client, submit, tight_rates):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    number = submit().request.registration_number
    for n in range(3):
        client.post(reverse("track_lookup"), {"registration_number": number, "token": f"t-{n}"})

    refused = client.post(reverse("track_lookup"), {"registration_number": number, "token": "x"})

    page = refused.content.decode()
    assert refused.status_code == 429
    assert "Too many requests" in page and "Please try again in 1 minute." in page
    assert "Terlalu banyak" not in page
