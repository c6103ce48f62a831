from django.urls import include, path

from requests_app.api import views
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
    path("", include("requests_app.api.officer.urls")),
    path("", include(objection_urls.urlpatterns)),
]
