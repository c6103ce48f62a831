"""Officer routes under `/api/v1/`. `GET /requests/` (the queue) shares its path with the citizen's
`POST /requests/` and is wired in `requests_app/api/urls.py` (`views.RequestCollectionApi`)."""

from django.urls import path

from requests_app.api.officer import views

app_name = "officer"

ACTIONS = {
    "verify": views.RequestVerifyApi,
    "incomplete": views.RequestIncompleteApi,
    "complete": views.RequestCompleteApi,
    "close-incomplete": views.RequestCloseIncompleteApi,
    "route": views.RequestRouteApi,
    "reroute": views.RequestRerouteApi,
    "return": views.RequestReturnApi,
    "extend": views.RequestExtendApi,
    "notice": views.RequestNoticeApi,
    "revision": views.RequestRevisionApi,
    "approve": views.RequestApproveApi,
    "payment": views.RequestPaymentApi,
    "deliver": views.RequestDeliverApi,
    "close": views.RequestCloseApi,
    "withdraw": views.RequestWithdrawApi,
    "forward": views.RequestForwardApi,
}

urlpatterns = [
    path("requests/<int:pk>/", views.RequestDetailApi.as_view(), name="request-detail"),
    path(
        "requests/<int:pk>/identity/", views.RequestIdentityApi.as_view(), name="request-identity"
    ),
    *(
        path(f"requests/<int:pk>/{slug}/", view.as_view(), name=f"request-{slug}")
        for slug, view in ACTIONS.items()
    ),
]
