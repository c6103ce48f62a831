from csp.decorators import csp_exempt
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from requests_app.web.health import healthz

# API clients get `{message, fields}` JSON for an address that matches no route, like any other 404.
handler404 = "requests_app.web.errors.not_found"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI needs an inline bootstrap script and its CDN: the only page without our CSP.
    path(
        "api/docs/",
        csp_exempt()(SpectacularSwaggerView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("healthz", healthz, name="healthz"),
    path("privasi/", include("requests_app.web.privacy_urls")),
    path("api/v1/", include("requests_app.api.urls")),
    path("admin/operasional/", include("requests_app.web.ops_urls")),
    path("admin/", admin.site.urls),
    path("dokumen/", include("requests_app.web.document_urls")),
    path("petugas/keberatan/", include("requests_app.web.objections.officer_urls")),
    path("petugas/", include("requests_app.web.officer.urls")),
    path("pengawas/", include("requests_app.web.supervisor.urls")),
    path("transparansi/", include("requests_app.web.transparency_urls")),
    path("informasi-publik/", include("requests_app.web.catalogue_urls")),
    path("keberatan/", include("requests_app.web.objections.urls")),
    path("laporan/", include("requests_app.web.reports.urls")),
    path("data/", include("requests_app.web.reports.open_data_urls")),
    path("", include("requests_app.web.urls")),
]

if settings.BENCHMARK_FLOOR_ENDPOINT:
    # The framework floor for `manage.py benchmark` (never on in normal runs).
    urlpatterns.insert(0, path("bench/floor/", include("requests_app.benchmarks.floor")))
