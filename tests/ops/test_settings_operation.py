"""Operation settings: log format, media storage, Celery queues (each settings case runs in a fresh
interpreter, as in tests/test_settings.py)."""

from __future__ import annotations

import importlib.util
import json

import pytest
from django.conf import settings

from ppid.celery import app
from tests.test_settings import run_python

READ = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'format': s.LOG_FORMAT, "
    "'formatter': s.LOGGING['handlers']['console']['formatter'], "
    "'media': s.STORAGES['default']['BACKEND']}))"
)


def test_json_log_format_is_chosen_by_setting():
    result = run_python(READ, DEBUG="1", LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["formatter"] == "json"


def test_an_unknown_log_format_refuses_to_start():
    result = run_python(READ, DEBUG="1", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be" in result.stderr


def test_media_stay_on_the_filesystem_by_default():
    result = run_python(READ, DEBUG="1")
    assert json.loads(result.stdout)["media"] == "django.core.files.storage.FileSystemStorage"


def test_an_unknown_media_storage_refuses_to_start():
    result = run_python(READ, DEBUG="1", MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert "MEDIA_STORAGE must be" in result.stderr


@pytest.mark.skipif(importlib.util.find_spec("storages") is not None, reason="extra installed")
def test_s3_media_without_the_optional_extra_says_what_to_install():
    result = run_python(READ, DEBUG="1", MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="ppid")
    assert result.returncode != 0
    assert 'pip install "ppid[s3]"' in result.stderr


def test_every_task_is_routed_to_a_named_queue_a_default_worker_consumes():
    import requests_app.tasks  # noqa: F401 - registers the tasks

    tasks = [name for name in app.tasks if name.startswith("requests_app.")]
    queues = {queue.name for queue in settings.CELERY_TASK_QUEUES}
    assert set(app.amqp.queues.consume_from) == queues == {"celery", "mail", "reminders", "exports"}
    routed = {name: app.amqp.router.route({}, name)["queue"].name for name in tasks}
    assert routed["requests_app.tasks.send_notifications"] == "mail"
    assert routed["requests_app.tasks.scan_deadlines"] == "reminders"
    assert routed["requests_app.tasks.run_export_job"] == "exports"
    # A new task must be given its queue in CELERY_TASK_ROUTES.
    assert {name for name, queue in routed.items() if queue == "celery"} == set()
