"""Public pages of monitoring; mounted under `uzemi/<slug:slug>/plneni/`."""

from django.urls import URLPattern, URLResolver, path

from kpss.monitoring import views_public

app_name = "monitoring_public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_public.progress, name="progress"),
    path("cile-site/", views_public.goals, name="goals"),
    path("hodnoceni/<int:evaluation_id>/", views_public.evaluation, name="evaluation"),
    path(
        "hodnoceni/<int:evaluation_id>/hodnoceni.<str:fmt>",
        views_public.evaluation_download,
        name="evaluation_download",
    ),
]
