from django.contrib.auth import views as auth_views
from django.urls import path

from requests_app.web import citizen_actions, notifications, views

urlpatterns = [
    path("", views.home, name="home"),
    path("permohonan/baru/", views.request_choose_body, name="request_choose_body"),
    path("permohonan/baru/<slug:body_slug>/", views.request_create, name="request_create"),
    path(
        "permohonan/tanda-bukti/<path:registration_number>/",
        views.request_receipt,
        name="request_receipt",
    ),
    path("lacak/", views.track_lookup, name="track_lookup"),
    # Before the tracking page: its <path:> would swallow the trailing "cabut/".
    path(
        "lacak/<path:registration_number>/cabut/",
        citizen_actions.withdraw_request,
        name="withdraw_request",
    ),
    path("lacak/<path:registration_number>/", views.track_request, name="track_request"),
    path("kalkulator-batas-waktu/", views.due_date_calculator, name="due_date_calculator"),
    path("notifikasi/", notifications.notification_page, name="notifications"),
    path("notifikasi/baca/", notifications.notification_mark_read, name="notifications_read"),
    path("akun/daftar/", views.signup, name="signup"),
    path("akun/masuk/", auth_views.LoginView.as_view(), name="login"),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/permohonan/", views.my_requests, name="my_requests"),
]
