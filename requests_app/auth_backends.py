"""Authentication backends: django-axes' lockout, tolerant of calls without an HTTP request."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a username+address locked out after repeated failures (issue 8).

    Logins from the web (site and admin) always pass the request; `authenticate()` without one
    (management commands, the shell) has no address to lock and is left to the next backend
    instead of raising as axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
