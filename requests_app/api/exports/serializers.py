"""Shapes of the export API: the job to start and the job as it is reported."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from requests_app.exports.jobs import FORMATS, KINDS, MAX_YEAR, MIN_YEAR
from requests_app.models import ExportJob, ExportState


class ExportStartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KINDS, help_text=_("Register yang diekspor."))
    format = serializers.ChoiceField(choices=FORMATS, default="xlsx")
    year = serializers.IntegerField(
        required=False, allow_null=True, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    body = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    unit = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class ExportJobSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=ExportState.choices)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = (
            "id",
            "kind",
            "params",
            "state",
            "progress",
            "filename",
            "error",
            "created_at",
            "finished_at",
            "download_url",
        )
        read_only_fields = fields

    def get_download_url(self, job: ExportJob) -> str | None:
        if job.state != ExportState.DONE or not job.file:
            return None
        return reverse("api-export-download", kwargs={"pk": job.pk})
