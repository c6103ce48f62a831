"""Rate limits for the public endpoints: per account when logged in, per client address otherwise."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _ScopedThrottle(SimpleRateThrottle):
    """Like DRF's ScopedRateThrottle, but the scope is fixed by the class and the rate is read from
    `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` on every request (DRF binds the dict at import, so a
    changed setting would otherwise be ignored until restart)."""

    def get_rate(self) -> str | None:
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(
                f"REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'] has no rate for scope '{self.scope}'."
            ) from None

    def get_cache_key(self, request, view) -> str:
        user = request.user
        ident = f"user-{user.pk}" if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SubmissionThrottle(_ScopedThrottle):
    scope = "submission"


class TrackingThrottle(_ScopedThrottle):
    """Also slows down guessing of tracking tokens and registration numbers."""

    scope = "tracking"
