"""The applicant's own data, as a downloadable JSON document (UU 27/2022: the right of access).

Built from the same applicant-facing views as the tracking page: events the applicant may see,
letters marked for the applicant, objections on the request. The NIK stays masked (the download is
reachable with a tracking token, a bearer credential that may be forwarded; the full number is
shown only to the handling officers, Keputusan 8).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from requests_app.models import InformationRequest, Objection, RequestDocument
from requests_app.selectors.citizen import citizen_timeline_events

# The applicant's own form fields, in form order (domain.md C.1).
_REQUEST_FIELDS = (
    "registration_number",
    "channel",
    "applicant_type",
    "full_name",
    "legal_entity_number",
    "address",
    "occupation",
    "phone",
    "email",
    "npwp",
    "representative_name",
    "representative_address",
    "representative_contact",
    "information_requested",
    "purpose",
    "access_method",
    "copy_format",
    "delivery_method",
    "status",
    "outcome",
    "received_at",
    "effective_received_on",
    "due_on",
    "notice_sent_at",
    "delivered_at",
    "closed_at",
)


def personal_data_prefetch(requests: QuerySet) -> QuerySet:
    """`requests` with what the download reads loaded in a fixed number of queries, however many
    requests the account holds. The letters are filtered and both lists ordered in the prefetch:
    a `.filter()` or `.order_by()` on the related manager would query once per request."""
    return requests.select_related("body").prefetch_related(
        "events",
        Prefetch(
            "documents",
            queryset=RequestDocument.objects.filter(visible_to_applicant=True).order_by(
                "created_at", "pk"
            ),
            to_attr="applicant_letters",
        ),
        Prefetch(
            "objections",
            queryset=Objection.objects.order_by("filed_at", "pk"),
            to_attr="objections_in_order",
        ),
    )


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# A request not loaded through `personal_data_prefetch` (one request, tracking download) falls back
# to the same filter and order, so an unprefetched caller never sees letters not meant for it.
def _applicant_letters(request: InformationRequest):
    if hasattr(request, "applicant_letters"):
        return request.applicant_letters
    return request.documents.filter(visible_to_applicant=True).order_by("created_at", "pk")


def _objections(request: InformationRequest):
    if hasattr(request, "objections_in_order"):
        return request.objections_in_order
    return request.objections.order_by("filed_at", "pk")


def request_personal_data(*, request: InformationRequest) -> dict:
    """One request as its applicant may see it: form, files held, letters, timeline, objections."""
    data = {name: _plain(getattr(request, name)) for name in _REQUEST_FIELDS}
    data["body"] = request.body.name
    data["nik_masked"] = request.masked_nik
    data["files_held"] = {
        "identity_document": bool(request.identity_document),
        "power_of_attorney": bool(request.power_of_attorney),
    }
    data["letters"] = [
        {
            "kind": document.kind,
            "title": document.get_kind_display(),
            "filename": document.filename,
            "created_at": _plain(document.created_at),
            "download_path": reverse("document_download", kwargs={"pk": document.pk}),
        }
        for document in _applicant_letters(request)
    ]
    data["events"] = [
        {
            "code": event.code,
            "label": str(event.label),
            "created_at": _plain(event.created_at),
            "from_status": event.from_status,
            "to_status": event.to_status,
            "note": event.note,
        }
        for event in citizen_timeline_events(request=request)
    ]
    data["objections"] = [
        {
            "registration_number": objection.registration_number,
            "status": objection.status,
            "grounds": objection.grounds,
            "filed_at": _plain(objection.filed_at),
            "case_facts": objection.case_facts,
        }
        for objection in _objections(request)
    ]
    return data


def personal_data_export(*, requests, user=None, now: datetime | None = None) -> dict:
    """The JSON document a citizen downloads: their account (if any) and each of `requests`."""
    document = {
        "generated_at": (now or timezone.now()).isoformat(),
        "legal_basis": "UU 27/2022 tentang Pelindungan Data Pribadi; UU 14/2008 Pasal 22",
        "requests": [request_personal_data(request=request) for request in requests],
    }
    if user is not None and getattr(user, "is_authenticated", False):
        document["account"] = {
            "username": user.get_username(),
            "name": user.get_full_name(),
            "email": user.email,
            "date_joined": _plain(user.date_joined),
        }
    return document
