"""Staff pages of the analysis dashboard; mounted under `sprava/uzemi/<slug:slug>/analyza/`
(every view gets `slug`)."""

from django.urls import path

from kpss.needs import dashboard

app_name = "needs_dashboard"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("tabulka.<str:fmt>", dashboard.export, name="export"),
    path("graf-<slug:chart>.svg", dashboard.chart, name="chart"),
    path("ulozit/", dashboard.save, name="save"),
    path("behy/", dashboard.run_list, name="runs"),
    path("behy/<int:pk>/", dashboard.run_detail, name="run"),
    path("normy/", dashboard.norms, name="norms"),
    path("normy/kopirovat/", dashboard.norms_copy, name="norms_copy"),
]
