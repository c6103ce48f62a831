from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from requests_app.models import CalendarOverride, PublicBody
from requests_app.workdays import invalidate_calendars


@receiver([post_save, post_delete], sender=CalendarOverride)
@receiver(post_save, sender=PublicBody)
def forget_cached_calendars(**kwargs) -> None:
    # Now for this transaction, and again after commit: another thread reloading in between would
    # otherwise cache the old calendar.
    invalidate_calendars()
    transaction.on_commit(invalidate_calendars)
