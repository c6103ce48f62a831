"""Delivery channels. A new gateway (SMS, WhatsApp) is one more class here; services never change."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from requests_app.models import Notification, NotificationChannel


class DeliveryChannel(Protocol):
    def send(self, notification: Notification) -> None:
        """Deliver or raise; raising makes the outbox retry with backoff."""


class EmailDelivery:
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
    """The row itself is the in-app message; delivering it only marks it sent."""

    def send(self, notification: Notification) -> None:
        return None


CHANNELS: dict[str, DeliveryChannel] = {
    NotificationChannel.EMAIL: EmailDelivery(),
    NotificationChannel.IN_APP: InAppDelivery(),
}
