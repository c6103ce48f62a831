"""Statistics API routes, included from `requests_app/api/urls.py`."""

from django.urls import path

from requests_app.api.stats import views

urlpatterns = [
    path("stats/", views.StatsApi.as_view(), name="api-stats"),
    path("public/stats/", views.PublicStatsApi.as_view(), name="api-public-stats"),
]
