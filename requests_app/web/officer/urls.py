from django.urls import path

from requests_app.web.officer import intake, views

urlpatterns = [
    path("", views.queue, name="officer_queue"),
    path("permohonan/baru/", intake.intake, name="officer_intake"),
    path("permohonan/<int:pk>/", views.request_detail, name="officer_request"),
    path("permohonan/<int:pk>/tercatat/", intake.intake_done, name="officer_intake_done"),
    path("permohonan/<int:pk>/nik/", views.identity_nik, name="officer_identity_nik"),
    path(
        "permohonan/<int:pk>/berkas/<slug:kind>/",
        views.identity_file,
        name="officer_identity_file",
    ),
    path("permohonan/<int:pk>/<slug:action>/", views.request_action, name="officer_action"),
]
