"""Citizen pages: file an objection (formulir keberatan, domain.md C.4) and its receipt page.

The applicant reaches the form from the tracking page (the session grant of `web.access`) or from
their account; the filing itself is a legal act in their name, so a visitor who is not signed in
as the applicant confirms it with the tracking token (the service checks it).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from requests_app.errors import InvalidTransition, ObjectNotFound, ValidationFailed
from requests_app.models import DocumentKind, Objection, RequestDocument
from requests_app.ratelimit import TRACKING, rate_limited
from requests_app.selectors.objections import objection_filing_info
from requests_app.services.objections import objection_file
from requests_app.web import access
from requests_app.web.objections.forms import GROUND_STATUTE_LABELS, CitizenObjectionForm


def _is_account_applicant(http_request, info_request) -> bool:
    user = http_request.user
    return user.is_authenticated and info_request.applicant_id == user.pk


@never_cache
@require_http_methods(["GET", "POST"])
# The rate of the API's objection filing (TrackingThrottle): the form may carry a token guess.
@rate_limited(TRACKING)
def objection_create(request, registration_number: str):
    info_request = access.citizen_request_or_404(request, registration_number)
    now = timezone.now()
    filing = objection_filing_info(request=info_request, now=now)
    # The tracking page's session grant already proves the token; ask it only without one.
    ask_token = not _is_account_applicant(request, info_request) and info_request.pk not in set(
        access.session_grants(request.session)
    )
    bound = request.method == "POST" and filing.can_file
    form = CitizenObjectionForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        ask_token=ask_token,
        suggested=filing.suggested,
    )
    status = 200
    if bound and form.is_valid():
        try:
            objection = objection_file(
                request=info_request,
                data=form.to_input(),
                token=form.cleaned_data.get("token") or None,
                session_grants=access.session_grants(request.session),
                actor=request.user if _is_account_applicant(request, info_request) else None,
                now=now,
            )
        except ObjectNotFound:
            # A wrong token: said at the field, never whether the number exists.
            form.add_error("token", _("Token pelacakan tidak cocok dengan permohonan ini."))
        except (ValidationFailed, InvalidTransition) as error:
            form.add_service_errors(error)
        else:
            access.grant_add(request.session, info_request)
            return redirect("objection_filed", pk=objection.pk)
    if bound and form.errors:
        status = 400
    context = {
        "req": info_request,
        "filing": filing,
        "form": form,
        "reselect": form.files_to_reselect() if bound else [],
        "ground_labels": GROUND_STATUTE_LABELS,
    }
    return render(request, "objections/citizen_form.html", context, status=status)


def _objection_for_visitor(http_request, pk: int) -> Objection:
    objection = Objection.objects.select_related("request", "body").filter(pk=pk).first()
    if objection is None:
        raise Http404(_("Keberatan tidak ditemukan."))
    number = objection.request.registration_number
    visible = access.citizen_request_or_404(http_request, number)
    if visible.pk != objection.request_id:
        raise Http404(_("Keberatan tidak ditemukan."))
    return objection


@never_cache
def objection_filed(request, pk: int):
    """The receipt page: number, the atasan's due date and the receipt letter (B6)."""
    objection = _objection_for_visitor(request, pk)
    receipt = (
        RequestDocument.objects.filter(
            request_id=objection.request_id,
            kind=DocumentKind.OBJECTION_RECEIPT,
            visible_to_applicant=True,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    context = {
        "objection": objection,
        "req": objection.request,
        "receipt": receipt,
        "ground_labels": [GROUND_STATUTE_LABELS[letter] for letter in objection.grounds],
    }
    return render(request, "objections/citizen_filed.html", context)
