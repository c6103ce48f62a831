"""The deployment files hang together (CI has no Docker: this reads the compose file as YAML)."""

from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((BASE_DIR / "docker" / "compose.yml").read_text())


def test_compose_runs_web_worker_beat_on_postgresql_and_redis():
    services = COMPOSE["services"]
    assert {"web", "worker", "beat", "db", "redis", "migrate"} <= set(services)
    assert services["db"]["image"].split(":")[1] in {"15", "16"}
    assert services["redis"]["image"] == "redis:7"
    assert [services[name]["command"] for name in ("web", "worker", "beat")] == [
        ["web"],
        ["worker"],
        ["beat"],
    ]


def test_compose_services_wait_for_healthy_dependencies_and_migrations():
    services = COMPOSE["services"]
    for name in ("db", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_compose_keeps_database_and_media_in_named_volumes():
    assert {"db-data", "media"} <= set(COMPOSE["volumes"])
    assert "db-data:/var/lib/postgresql/data" in COMPOSE["services"]["db"]["volumes"]
    assert "media:/data/media" in COMPOSE["services"]["web"]["volumes"]


def test_beat_uses_the_database_scheduler_and_image_runs_as_non_root():
    entrypoint = (BASE_DIR / "docker" / "entrypoint.sh").read_text()
    assert "django_celery_beat.schedulers:DatabaseScheduler" in entrypoint
    dockerfile = (BASE_DIR / "docker" / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "\nUSER ppid\n" in dockerfile


def test_example_env_placeholders_are_refused_by_settings():
    env_lines = (BASE_DIR / "docker" / "ppid.env.example").read_text().splitlines()
    values = dict(line.split("=", 1) for line in env_lines if line and not line.startswith("#"))
    # settings.py refuses "django-insecure" keys and an empty FIELD_ENCRYPTION_KEY when DEBUG=0.
    assert values["DEBUG"] == "0"
    assert values["SECRET_KEY"].startswith("django-insecure")
    assert values["FIELD_ENCRYPTION_KEY"] == ""


def test_procfile_starts_web_worker_and_beat():
    lines = (BASE_DIR / "Procfile").read_text().splitlines()
    names = [line.split(":", 1)[0] for line in lines if line and not line.startswith("#")]
    assert names == ["web", "worker", "beat"]
