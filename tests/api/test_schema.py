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


@pytest.mark.django_db
def test_schema_documents_the_statistics_and_export_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]

    stats = paths["/api/v1/stats/"]["get"]
    assert stats["operationId"] == "stats_figures"
    assert {("query", name) for name in ("period", "body", "unit", "channel")} <= {
        (p["in"], p["name"]) for p in stats["parameters"]
    }
    assert {"200", "400", "401", "403", "404"} <= set(stats["responses"])
    figures = schema["components"]["schemas"]["StatsFigures"]["properties"]
    for key in ("headline", "working_days_to_notice", "outcomes", "units", "objections"):
        assert key in figures
    assert "closed_at" in figures
    headline = schema["components"]["schemas"]["StatsHeadline"]["properties"]
    assert "perpanjangan" in headline["on_time_17"]["description"]

    public = paths["/api/v1/public/stats/"]["get"]
    assert {("query", "period"), ("query", "body")} <= {
        (p["in"], p["name"]) for p in public["parameters"]
    }

    start = paths["/api/v1/exports/"]["post"]
    assert start["operationId"] == "export_start"
    assert {"202", "400"} <= set(start["responses"])
    assert {"200", "404"} <= set(paths["/api/v1/exports/{id}/"]["get"]["responses"])
    download = paths["/api/v1/exports/{id}/download/"]["get"]
    assert {"200", "404", "409"} <= set(download["responses"])
