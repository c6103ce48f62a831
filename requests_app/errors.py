"""The one family of domain errors; the API maps them to HTTP in `api/exceptions.py`."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule said no. `fields` maps field names to messages for forms and the API."""

    status_code = 400

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(DomainError):
    status_code = 400


class InvalidTransition(DomainError):
    """The request is not in a state that allows this action (HTTP 409)."""

    status_code = 409


class ActionForbidden(DomainError):
    """The user may see the object but may not do this to it (HTTP 403)."""

    status_code = 403


class ObjectNotFound(DomainError):
    """The object does not exist or the user may not know it exists (HTTP 404)."""

    status_code = 404
