"""Issue 7: the officer queue's sort key as stored generated columns, and its indexes.

Adding the stored generated columns rewrites the requests table on PostgreSQL (about 80 s at
1,000,000 rows on the benchmark machine, under an exclusive lock): run it in a quiet hour.

On PostgreSQL also multivariate statistics on (status, queue_closed): `queue_closed` is a function
of `status`, which the planner cannot know, so "status=diproses AND NOT queue_closed" was
estimated 30 times too rare and planned as a bitmap scan and a sort instead of an index walk.
"""

import datetime

import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models

STATISTICS = "request_status_queue_closed"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS {STATISTICS} (mcv) ON status, queue_closed "
            "FROM requests_app_informationrequest"
        )


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0012_export_job_started_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="informationrequest",
            name="queue_closed",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(
                        status__in=(
                            "selesai",
                            "ditutup_tidak_lengkap",
                            "dicabut",
                            "draf",
                            "informasi_diserahkan",
                            "diberitahukan",
                        ),
                        then=models.Value(True),
                    ),
                    default=models.Value(False),
                ),
                output_field=models.BooleanField(),
            ),
        ),
        migrations.AddField(
            model_name="informationrequest",
            name="queue_due_on",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.comparison.Coalesce(
                    "due_on", models.Value(datetime.date(9999, 12, 31))
                ),
                output_field=models.DateField(),
            ),
        ),
        migrations.AddIndex(
            model_name="informationrequest",
            index=models.Index(
                fields=["queue_closed", "queue_due_on", "-received_at", "id"],
                name="request_queue_order",
            ),
        ),
        migrations.RunPython(create_statistics, drop_statistics),
    ]
