"""Template context for every page: the notification bell's unread count."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from requests_app.selectors.notifications import unread_notification_count


def notifications(request) -> dict:
    """`unread_notifications_count` for logged-in users: one COUNT query, run only when a
    template shows it (emails and letters rendered with a request pay nothing); anonymous
    visitors get no key and no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications_count": SimpleLazyObject(lambda: _count(user))}


def _count(user) -> int:
    return unread_notification_count(user=user)
