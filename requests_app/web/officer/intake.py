"""Offline intake (Pasal 22(1)-(3)): the PPID Utama desk records walk-in, phone, letter, email, fax
and social-media requests and hands the applicant the number and tracking token on paper, with the
receipt letter (served by `web.documents.receipt_download`)."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from requests_app.errors import ValidationFailed
from requests_app.models import PublicBody
from requests_app.services.requests import NOTICE_WORKING_DAYS, request_submit, tracking_url
from requests_app.web import access
from requests_app.web.officer.forms import IntakeDetailsForm, OfficerRequestForm
from requests_app.web.officer.views import (
    can_record_intake,
    forbidden,
    officer_required,
    visible_request_or_404,
)


def _split_service_errors(error: ValidationFailed, form, details) -> None:
    """Receipt-time errors belong to the details form; the rest to the statutory form."""
    mine = {name: msgs for name, msgs in error.fields.items() if name in details.fields}
    for name, messages in mine.items():
        for message in messages:
            details.add_error(name, message)
    rest = {name: msgs for name, msgs in error.fields.items() if name not in mine}
    if rest or not error.fields:
        form.add_service_errors(ValidationFailed(error.message, fields=rest))


@never_cache
@require_http_methods(["GET", "POST"])
@officer_required
def intake(request):
    body_ids = can_record_intake(request.user)
    if not body_ids:
        return forbidden(request, _("Hanya petugas PPID Utama yang mencatat permohonan luring."))
    bodies = PublicBody.objects.filter(pk__in=body_ids).order_by("name")
    bound = request.method == "POST"
    form = OfficerRequestForm(request.POST if bound else None, request.FILES if bound else None)
    details = IntakeDetailsForm(request.POST if bound else None, bodies=bodies)
    status = 200
    if bound:
        # Both forms validate, so every mistake is shown at once.
        valid = [form.is_valid(), details.is_valid()]
        if all(valid):
            try:
                submitted = request_submit(
                    body=details.cleaned_data["body"],
                    data=form.to_input(),
                    channel=details.cleaned_data["channel"],
                    recorded_by=request.user,
                    received_at=details.cleaned_data["received_at"],
                    backdate_reason=details.cleaned_data["backdate_reason"],
                )
            except ValidationFailed as error:
                _split_service_errors(error, form, details)
            else:
                access.receipt_token_keep(
                    request.session, submitted.request, submitted.tracking_token
                )
                return redirect("officer_intake_done", pk=submitted.request.pk)
        status = 400
    context = {
        "form": form,
        "details": details,
        "reselect": form.files_to_reselect(),
        "can_record": True,
    }
    return render(request, "officer/intake_form.html", context, status=status)


@never_cache
@require_GET
@officer_required
def intake_done(request, pk: int):
    """Number and tracking token, shown once, to write or print for the applicant."""
    info_request = visible_request_or_404(request.user, pk)
    token = access.receipt_token_pop(request.session, info_request)
    context = {
        "req": info_request,
        "token": token,
        "tracking_link": tracking_url(info_request, token) if token else "",
        "notice_days": NOTICE_WORKING_DAYS,
        "can_record": bool(can_record_intake(request.user)),
    }
    return render(request, "officer/intake_done.html", context)
