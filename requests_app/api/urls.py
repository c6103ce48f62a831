from django.urls import include, path

from requests_app.api import calculator, notifications, views
from requests_app.api.objections import urls as objection_urls
from requests_app.api.officer import views as officer_views

urlpatterns = [
    # GET: the officer queue; POST: `views.RequestSubmitApi` (subclassed, unchanged).
    path(
        "requests/",
        officer_views.RequestCollectionApi.as_view(),
        name="api-request-submit",
    ),
    # Before `track/<path:...>/`, which would otherwise swallow `/objections/`.
    *objection_urls.citizen_urlpatterns,
    # `path`: registration numbers contain slashes (0001/PPID/BANTEN/2026).
    path(
        "track/<path:registration_number>/",
        views.RequestTrackApi.as_view(),
        name="api-request-track",
    ),
    path("calculator/", calculator.DueDateCalculatorApi.as_view(), name="api-calculator"),
    path("notifications/", notifications.NotificationListApi.as_view(), name="api-notifications"),
    path(
        "notifications/read/",
        notifications.NotificationMarkReadApi.as_view(),
        name="api-notifications-read",
    ),
    path("", include("requests_app.api.officer.urls")),
    path("", include(objection_urls.urlpatterns)),
    path("", include("requests_app.api.stats.urls")),
    path("", include("requests_app.api.exports.urls")),
]
