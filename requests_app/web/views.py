"""Citizen pages: home (maklumat), request form, receipt, tracking and the applicant's own list."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from requests_app.errors import DomainError, ObjectNotFound, ValidationFailed
from requests_app.models import Channel, PublicBody
from requests_app.ratelimit import SUBMISSION, TRACKING, rate_limited
from requests_app.selectors.citizen import (
    citizen_letter_list,
    citizen_request_get,
    citizen_request_list,
    citizen_timeline_events,
    public_body_list,
)
from requests_app.selectors.deadline_display import (
    deadline_calculation_get,
    deadline_explanation_get,
)
from requests_app.selectors.notifications import applicant_notifications
from requests_app.services.requests import NOTICE_WORKING_DAYS, request_submit, tracking_url
from requests_app.web import access
from requests_app.web.forms import DueDateCalculatorForm, RequestForm, SignupForm

NOT_FOUND_TEMPLATE = "citizen/track_form.html"


def home(request):
    return render(request, "citizen/home.html", {"bodies": public_body_list()})


def request_choose_body(request):
    bodies = list(public_body_list())
    if len(bodies) == 1:
        return redirect("request_create", body_slug=bodies[0].slug)
    return render(request, "citizen/choose_body.html", {"bodies": bodies})


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited(SUBMISSION)
def request_create(request, body_slug: str):
    body = get_object_or_404(PublicBody, slug=body_slug)
    bound = request.method == "POST"
    form = RequestForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = request_submit(
                body=body, data=form.to_input(), channel=Channel.WEB, applicant=request.user
            )
        except ValidationFailed as error:
            form.add_service_errors(error)
        else:
            access.grant_add(request.session, submitted.request)
            access.receipt_token_keep(request.session, submitted.request, submitted.tracking_token)
            return redirect(
                "request_receipt", registration_number=submitted.request.registration_number
            )
    context = {"body": body, "form": form, "reselect": form.files_to_reselect()}
    return render(request, "citizen/request_form.html", context)


@never_cache
def request_receipt(request, registration_number: str):
    """Tanda bukti (Pasal 22(4)): shown after the redirect; the tracking link only the first time."""
    info_request = access.citizen_request_or_404(request, registration_number)
    token = access.receipt_token_pop(request.session, info_request)
    context = {
        "req": info_request,
        "tracking_link": tracking_url(info_request, token) if token else "",
        "notice_days": NOTICE_WORKING_DAYS,
        "receipt_shifted": info_request.effective_received_on
        != timezone.localdate(info_request.received_at, ZoneInfo(info_request.body.time_zone)),
    }
    return render(request, "citizen/receipt.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited(TRACKING)
def track_lookup(request):
    if request.method == "GET":
        return render(request, "citizen/track_form.html", {"number": ""})
    number = request.POST.get("registration_number", "").strip()[:80]
    token = request.POST.get("token", "").strip()[:200]
    try:
        info_request = citizen_request_get(
            registration_number=number,
            token=token or None,
            user=request.user,
            session_grants=access.session_grants(request.session),
        )
    except ObjectNotFound as error:
        return _not_found(request, error.message, number)
    access.grant_add(request.session, info_request)
    return redirect("track_request", registration_number=info_request.registration_number)


def _token_given(request) -> bool:
    return "token" in request.GET


@never_cache
# Only a token is a guess worth slowing down; the page reached through a session grant or the
# applicant's account is not counted.
@rate_limited(TRACKING, applies=_token_given)
def track_request(request, registration_number: str):
    """Status page. A `?token=` is checked, turned into a session grant and removed from the URL."""
    token = request.GET.get("token", "")[:200]
    try:
        info_request = citizen_request_get(
            registration_number=registration_number,
            token=token or None,
            user=request.user,
            session_grants=access.session_grants(request.session),
        )
    except ObjectNotFound as error:
        return _not_found(request, error.message, registration_number)
    if "token" in request.GET:
        access.grant_add(request.session, info_request)
        return HttpResponseRedirect(request.path)
    context = {
        "req": info_request,
        "timeline": citizen_timeline_events(request=info_request),
        "letters": citizen_letter_list(request=info_request),
        "deadline_explanation": deadline_explanation_get(request=info_request),
        # Only what was sent to the applicant: officers' alerts never reach this page.
        "messages_sent": applicant_notifications(info_request),
    }
    return render(request, "citizen/track.html", context)


def _not_found(request, message: str, number: str):
    # One answer for a wrong number and a wrong token: the page never says which.
    context = {"not_found": message, "number": number[:80]}
    return render(request, NOT_FOUND_TEMPLATE, context, status=404)


@require_http_methods(["GET", "HEAD"])
def due_date_calculator(request):
    """Public calculator (GET, so a result can be bookmarked and shared): received at X, when is
    the written notice due, and when at the latest with the one extension."""
    bound = any(name in request.GET for name in ("body", "received_date", "received_time"))
    form = DueDateCalculatorForm(request.GET if bound else None)
    result = None
    if bound and form.is_valid():
        try:
            result = deadline_calculation_get(
                body=form.cleaned_data["body"], received_at=form.received_at()
            )
        except DomainError as error:
            form.add_service_errors(error)
    return render(request, "deadlines/calculator.html", {"form": form, "result": result})


@login_required
def my_requests(request):
    rows = citizen_request_list(user=request.user)
    return render(request, "citizen/my_requests.html", {"rows": rows})


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("my_requests")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Akun Anda sudah dibuat dan Anda sudah masuk."))
        return redirect(_safe_next(request) or reverse("my_requests"))
    return render(request, "registration/signup.html", {"form": form, "next": _safe_next(request)})


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""
