"""Delivery channels: the one place that knows how a message leaves the system.

Services never name a channel. The applicant's messages (`outbox.applicant_message_create`) and the
officers' alerts (`services.reminders`) go out on every enabled channel that has an address for that
recipient. A new gateway (SMS, WhatsApp) is one class with the methods of `DeliveryChannel`, added to
the `NOTIFICATION_CHANNELS` setting; no service changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Protocol

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from requests_app.models import Notification, NotificationChannel

DEFAULT_CHANNELS = [
    "requests_app.notifications.channels.InAppDelivery",
    "requests_app.notifications.channels.EmailDelivery",
]


class DeliveryChannel(Protocol):
    code: str  # stored in Notification.channel (at most 20 characters)
    label: str

    def applicant_address(self, request) -> str | None:
        """Where the applicant of `request` is reached on this channel; None when not at all."""

    def officer_address(self, user) -> str | None:
        """Where officer `user` is reached ("" for in-app rows); None when not at all."""

    def send(self, notification: Notification) -> None:
        """Deliver or raise; raising makes the outbox retry with backoff."""


class EmailDelivery:
    code = NotificationChannel.EMAIL
    label = _("Email")

    def applicant_address(self, request) -> str | None:
        return request.email or None

    def officer_address(self, user) -> str | None:
        return user.email or None

    def send(self, notification: Notification) -> None:
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient_address],
        )
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        message.send(fail_silently=False)


class InAppDelivery:
    """The row itself is the in-app message; delivering it only marks it sent. Citizens have no
    in-app inbox (they may not have an account), so it serves officers only."""

    code = NotificationChannel.IN_APP
    label = _("Notifikasi aplikasi")

    def applicant_address(self, request) -> str | None:
        return None

    def officer_address(self, user) -> str | None:
        return ""

    def send(self, notification: Notification) -> None:
        return None


@cache
def enabled_channels() -> dict[str, DeliveryChannel]:
    """The channels of `NOTIFICATION_CHANNELS` (dotted class paths), in order, by code."""
    channels: dict[str, DeliveryChannel] = {}
    for path in getattr(settings, "NOTIFICATION_CHANNELS", DEFAULT_CHANNELS):
        try:
            channel = import_string(path)()
        except (ImportError, TypeError) as error:
            raise ImproperlyConfigured(f"NOTIFICATION_CHANNELS: cannot import {path}") from error
        code = getattr(channel, "code", "")
        if not code or len(code) > 20 or code in channels:
            raise ImproperlyConfigured(f"NOTIFICATION_CHANNELS: bad or repeated code in {path}")
        channels[code] = channel
    return channels


@receiver(setting_changed)
def _forget_channels(*, setting, **kwargs) -> None:
    if setting == "NOTIFICATION_CHANNELS":
        enabled_channels.cache_clear()


@checks.register()
def notification_channels_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check` (and every server start) refuses a channel that cannot be loaded, rather
    than the first message failing at runtime."""
    try:
        enabled_channels()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="requests_app.E001")]
    return []


class _EnabledChannels(Mapping):
    """A read-only view of `enabled_channels()` that follows setting changes."""

    def __getitem__(self, code: str) -> DeliveryChannel:
        return enabled_channels()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(enabled_channels())

    def __len__(self) -> int:
        return len(enabled_channels())


CHANNELS: Mapping[str, DeliveryChannel] = _EnabledChannels()


def channel_for(code: str) -> DeliveryChannel:
    """The enabled channel for a stored row; KeyError when it was disabled since (the outbox
    records that as a failed attempt, visible to administrators)."""
    return enabled_channels()[code]


def channel_label(code: str) -> str:
    channel = enabled_channels().get(code)
    if channel is None:  # disabled since the row was written
        return str(dict(NotificationChannel.choices).get(code, code))
    return str(channel.label)


def applicant_channels(request) -> list[tuple[str, str]]:
    """(channel code, address) for every enabled channel that reaches this applicant."""
    pairs = ((code, c.applicant_address(request)) for code, c in enabled_channels().items())
    return [(code, address) for code, address in pairs if address is not None]


def officer_channels(user) -> list[tuple[str, str]]:
    """(channel code, address) for every enabled channel that reaches this officer."""
    pairs = ((code, c.officer_address(user)) for code, c in enabled_channels().items())
    return [(code, address) for code, address in pairs if address is not None]
