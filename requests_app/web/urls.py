from django.urls import path
from django.views.generic import TemplateView

urlpatterns = [
    path("", TemplateView.as_view(template_name="citizen/home.html"), name="home"),
    path(
        "lacak/<path:registration_number>/",
        TemplateView.as_view(template_name="citizen/home.html"),
        name="track_request",
    ),
]
