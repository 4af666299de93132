"""The public, read-only analysis dashboard of a published area; mounted under
`uzemi/<slug:slug>/analyza/`."""

from django.urls import path

from kpss.needs import dashboard

app_name = "needs_dashboard_public"

urlpatterns = [
    path("", dashboard.public_dashboard, name="dashboard"),
    path("tabulka.<str:fmt>", dashboard.public_export, name="export"),
    path("graf-<slug:chart>.svg", dashboard.public_chart, name="chart"),
]
