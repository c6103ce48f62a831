from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Layanan PPID")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from requests_app import signals  # noqa: F401
        from requests_app.notifications import channels  # noqa: F401 - registers its system check
        from requests_app.schedules import periodic_tasks_install

        # Beat's periodic tasks are rows editable in the admin: created once here, never overwritten.
        post_migrate.connect(
            periodic_tasks_install, sender=self, dispatch_uid="requests_app.periodic_tasks"
        )
