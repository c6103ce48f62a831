"""Cache headers shared by the API and the pages."""

from __future__ import annotations

from django.utils.cache import patch_cache_control


def private_response(response):
    """Tracking tokens, applicant data and officers' files must not stay in shared or browser
    caches."""
    patch_cache_control(response, no_store=True, private=True)
    return response
