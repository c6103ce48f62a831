"""Identity files encrypted at rest (Keputusan 8, domain.md E4): the identity FileFields use
`requests_app.storage.identity_storage`, and the files stored before are rewritten encrypted."""

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations, models
from django.db.models import Q

import requests_app.models.requests
import requests_app.storage

IDENTITY_FIELDS = (
    ("InformationRequest", "identity_document"),
    ("InformationRequest", "power_of_attorney"),
    ("Objection", "power_of_attorney"),
)


def _stored(apps, model_name, field):
    model = apps.get_model("requests_app", model_name)
    rows = model.objects.exclude(Q(**{field: ""}) | Q(**{f"{field}__isnull": True}))
    return model, rows.values_list("pk", field).iterator()


def encrypt_plain_files(apps, schema_editor):
    storage = requests_app.storage.identity_storage()
    for model_name, field in IDENTITY_FIELDS:
        model, rows = _stored(apps, model_name, field)
        for pk, name in rows:
            encrypted = requests_app.storage.reencrypt_plain_file(storage, name)
            if encrypted:
                model.objects.filter(pk=pk).update(**{field: encrypted})
                storage.delete(name)


def decrypt_to_plain_files(apps, schema_editor):
    storage = requests_app.storage.identity_storage()
    plain_storage = storages["default"]
    for model_name, field in IDENTITY_FIELDS:
        model, rows = _stored(apps, model_name, field)
        for pk, name in rows:
            if not storage.exists(name) or not requests_app.storage.is_encrypted(
                storage.read_raw(name)
            ):
                continue
            with storage.open(name) as document:
                plain = plain_storage.save(name, ContentFile(document.read()))
            model.objects.filter(pk=pk).update(**{field: plain})
            storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0009_objection_dispute_window_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="informationrequest",
            name="identity_document",
            field=models.FileField(
                blank=True,
                max_length=255,
                storage=requests_app.storage.identity_storage,
                upload_to=requests_app.models.requests.private_upload_path,
                verbose_name="berkas identitas",
            ),
        ),
        migrations.AlterField(
            model_name="informationrequest",
            name="power_of_attorney",
            field=models.FileField(
                blank=True,
                max_length=255,
                storage=requests_app.storage.identity_storage,
                upload_to=requests_app.models.requests.private_upload_path,
                verbose_name="surat kuasa",
            ),
        ),
        migrations.AlterField(
            model_name="objection",
            name="power_of_attorney",
            field=models.FileField(
                blank=True,
                max_length=255,
                storage=requests_app.storage.identity_storage,
                upload_to="private/kuasa/%Y/",
                verbose_name="surat kuasa",
            ),
        ),
        migrations.RunPython(encrypt_plain_files, decrypt_to_plain_files, elidable=True),
    ]
