from django.contrib import admin
from django.urls import include, path

from kpss.api.router import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sprava/uzemi/<slug:slug>/analyza/", include("kpss.needs.urls_dashboard")),
    path("uzemi/<slug:slug>/analyza/", include("kpss.needs.urls_dashboard_public")),
    path("sprava/uzemi/<slug:slug>/organizace/", include("kpss.governance.urls")),
    path("uzemi/<slug:slug>/organizace/", include("kpss.governance.urls_public")),
    path("sprava/uzemi/<slug:slug>/proces/", include("kpss.governance.urls_process")),
    path("uzemi/<slug:slug>/akce/", include("kpss.governance.urls_events_public")),
    path("sprava/uzemi/<slug:slug>/plan/", include("kpss.planning.urls")),
    path("uzemi/<slug:slug>/plan/", include("kpss.planning.urls_public")),
    path("sprava/uzemi/<slug:slug>/zamery/", include("kpss.intentions.urls")),
    path("uzemi/<slug:slug>/zamery/", include("kpss.intentions.urls_public")),
    path("sprava/uzemi/<slug:slug>/financovani/", include("kpss.financing.urls")),
    path("uzemi/<slug:slug>/financovani/", include("kpss.financing.urls_public")),
    path("sprava/uzemi/<slug:slug>/plneni/", include("kpss.monitoring.urls")),
    path("uzemi/<slug:slug>/plneni/", include("kpss.monitoring.urls_public")),
    path("sprava/uzemi/<slug:slug>/", include("kpss.needs.urls")),
    path("uzemi/<slug:slug>/", include("kpss.needs.urls_public")),
    path("", include("kpss.portal.urls")),
]
