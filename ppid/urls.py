from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("requests_app.api.urls")),
    path("admin/", admin.site.urls),
    path("dokumen/", include("requests_app.web.document_urls")),
    path("petugas/keberatan/", include("requests_app.web.objections.officer_urls")),
    path("petugas/", include("requests_app.web.officer.urls")),
    path("informasi-publik/", include("requests_app.web.catalogue_urls")),
    path("keberatan/", include("requests_app.web.objections.urls")),
    path("", include("requests_app.web.urls")),
]
