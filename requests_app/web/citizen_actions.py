"""What an applicant can do from the tracking page besides reading: withdraw the request."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from requests_app.errors import DomainError
from requests_app.services.workflow import request_withdraw
from requests_app.web.access import citizen_request_or_404, session_grants


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Alasan pencabutan wajib diisi.")},
    )


def withdraw_request(http_request, registration_number: str):
    """POST only: the applicant withdraws in writing (before the written notice)."""
    if http_request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    request = citizen_request_or_404(http_request, registration_number)
    form = WithdrawForm(http_request.POST)
    if form.is_valid():
        try:
            request_withdraw(
                request=request,
                reason=form.cleaned_data["reason"],
                actor=http_request.user,
                session_grants=session_grants(http_request.session),
            )
        except DomainError as error:
            for field, field_errors in error.fields.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
            if not error.fields:
                form.add_error(None, error.message)
        else:
            messages.success(http_request, _("Permohonan Anda telah dicabut."))
            return redirect("track_request", registration_number=request.registration_number)
    return render(
        http_request,
        "citizen/withdraw.html",
        {"req": request, "form": form},
        status=400,
    )
