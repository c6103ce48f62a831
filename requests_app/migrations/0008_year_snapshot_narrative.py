from django.db import migrations, models

NARRATIVE_FIELDS = (
    "policy",
    "facilities",
    "staff",
    "budget",
    "service_overview",
    "obstacles",
    "recommendations",
)


def freeze_existing_narratives(apps, schema_editor):
    """Years closed before this migration get the narrative they have now, so their published
    report stops following later edits from here on."""
    YearSnapshot = apps.get_model("requests_app", "YearSnapshot")
    Narrative = apps.get_model("requests_app", "AnnualReportNarrative")
    for snapshot in YearSnapshot.objects.all():
        narrative = Narrative.objects.filter(body_id=snapshot.body_id, year=snapshot.year).first()
        if narrative is not None:
            frozen = {name: getattr(narrative, name) for name in NARRATIVE_FIELDS}
            YearSnapshot.objects.filter(pk=snapshot.pk).update(narrative=frozen)


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0007_accessibility_needs"),
    ]

    operations = [
        migrations.AddField(
            model_name="yearsnapshot",
            name="narrative",
            field=models.JSONField(blank=True, default=dict, verbose_name="narasi"),
        ),
        migrations.RunPython(freeze_existing_narratives, migrations.RunPython.noop),
    ]
