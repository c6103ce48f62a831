"""Objection routes under `/api/v1/` (included from `requests_app/api/urls.py`)."""

from django.urls import path

from requests_app.api.objections import views

ACTIONS = {
    "review": views.ObjectionReviewApi,
    "settlement/start": views.ObjectionSettlementStartApi,
    "settlement/end": views.ObjectionSettlementEndApi,
    "decide": views.ObjectionDecideApi,
    "response": views.ObjectionResponseApi,
    "withdraw": views.ObjectionWithdrawApi,
    "dispute": views.ObjectionDisputeApi,
    "dispute/update": views.ObjectionDisputeUpdateApi,
}

# Must come before `track/<path:registration_number>/`, whose `path` would swallow the suffix.
citizen_urlpatterns = [
    path(
        "track/<path:registration_number>/objections/",
        views.ObjectionFileApi.as_view(),
        name="api-objection-file",
    ),
]

urlpatterns = [
    path("objections/", views.ObjectionListApi.as_view(), name="api-objection-list"),
    path("objections/<int:pk>/", views.ObjectionDetailApi.as_view(), name="api-objection-detail"),
    *(
        path(
            f"objections/<int:pk>/{slug}/",
            view.as_view(),
            name=f"api-objection-{slug.replace('/', '-')}",
        )
        for slug, view in ACTIONS.items()
    ),
]
