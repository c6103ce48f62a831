"""Rate limits for the citizen web forms, with the API's rates and counters.

The web forms reuse the API throttle classes (`api/throttles.py`): the same rates
(`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`, i.e. `THROTTLE_SUBMISSION` and `THROTTLE_TRACKING`), the same
client identity (account, else address behind `NUM_PROXIES`) and the same cache keys. A client therefore
has one budget per scope whether it uses the form or the API; switching channels does not double it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps

from django.shortcuts import render

from requests_app.api.throttles import SubmissionThrottle, TrackingThrottle

SUBMISSION = "submission"
TRACKING = "tracking"
_THROTTLES = {SUBMISSION: SubmissionThrottle, TRACKING: TrackingThrottle}
TOO_MANY_TEMPLATE = "429.html"
# The 429 page renders its own, fresh CSRF token.
_NOT_ECHOED = frozenset({"csrfmiddlewaretoken"})


def rate_limit_wait(request, scope: str) -> int | None:
    """Count this request against `scope`. None when allowed, else the seconds until the next
    request of that scope is allowed (at least 1)."""
    throttle = _THROTTLES[scope]()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    return max(1, math.ceil(wait)) if wait is not None else 60


def too_many_requests(request, wait_seconds: int):
    """The 429 page. The form was not processed and nothing was stored; the text the visitor typed
    is carried in hidden fields so that one click sends it again once the wait is over."""
    resend = request.method == "POST"
    context = {
        "minutes": max(1, math.ceil(wait_seconds / 60)),
        "resend": resend,
        "resend_fields": [
            (name, value)
            for name, values in request.POST.lists()
            if name not in _NOT_ECHOED
            for value in values
        ]
        if resend
        else [],
        "had_files": bool(request.FILES),
    }
    response = render(request, TOO_MANY_TEMPLATE, context, status=429)
    response["Retry-After"] = str(wait_seconds)
    response["Cache-Control"] = "no-store, private"
    return response


def rate_limited(scope: str, *, applies: Callable = lambda request: request.method == "POST"):
    """Decorate a web view: requests for which `applies(request)` is true count against `scope`;
    over the rate they get the 429 page and the view does not run."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if applies(request):
                wait = rate_limit_wait(request, scope)
                if wait is not None:
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
