"""Context for the officer request page's deadline and message panels.

The officer page (`web/officer/views.py: render_request_page`) adds these with
`context.update(officer_request_panels(info_request))` and includes
`deadlines/_explanation.html` (with `explanation=deadline_explanation open=True`) and
`notifications/_timeline.html` (which reads `request_notifications` and `req`).
"""

from __future__ import annotations

from requests_app.models import InformationRequest
from requests_app.selectors.deadline_display import deadline_explanation_get
from requests_app.selectors.notifications import request_notifications


def officer_request_panels(info_request: InformationRequest) -> dict:
    """`deadline_explanation` (no query beyond the cached calendar) and `request_notifications`
    (one query). Officers only: the messages include alerts to colleagues."""
    return {
        "deadline_explanation": deadline_explanation_get(request=info_request),
        "request_notifications": request_notifications(info_request),
    }
