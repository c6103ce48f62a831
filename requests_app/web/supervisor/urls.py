"""Supervisor pages, included under `pengawas/` in `ppid/urls.py`."""

from django.urls import path

from requests_app.web.supervisor import views

urlpatterns = [
    path("", views.dashboard, name="supervisor_dashboard"),
    path("komando/", views.command_center, name="supervisor_command_center"),
]
