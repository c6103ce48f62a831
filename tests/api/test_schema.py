import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_lists_citizen_endpoints(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    submit = schema["paths"]["/api/v1/requests/"]["post"]
    track = schema["paths"]["/api/v1/track/{registration_number}/"]["get"]
    assert set(submit["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert {"201", "400", "429"} <= set(submit["responses"])
    assert {"200", "404", "429"} <= set(track["responses"])
    parameters = {(p["in"], p["name"]) for p in track["parameters"]}
    assert {("header", "X-Tracking-Token"), ("query", "token")} <= parameters
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"message", "fields"}


def test_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns every drf-spectacular warning or error into a failure.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )

    assert "/api/v1/track/{registration_number}/" in (tmp_path / "schema.yaml").read_text()


@pytest.mark.django_db
def test_swagger_ui_is_served(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
