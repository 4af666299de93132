"""Public pages of the mid-term plan; mounted under `uzemi/<slug:slug>/plan/`."""

from django.urls import path

from kpss.planning import views_public

app_name = "planning_public"

urlpatterns = [
    path("", views_public.plan, name="plan"),
    path("verze/<int:version_id>/", views_public.version, name="version"),
    path("verze/<int:version_id>/pripominka/", views_public.comment, name="comment"),
    path("verze/<int:version_id>/dekujeme/", views_public.comment_thanks, name="thanks"),
    path("verze/<int:version_id>/vyporadani/", views_public.settlement, name="settlement"),
    path("verze/<int:version_id>/plan.<str:fmt>", views_public.download, name="download"),
    path(
        "verze/<int:version_id>/vyporadani.<str:fmt>",
        views_public.settlement_download,
        name="settlement_download",
    ),
    path(
        "verze/<int:version_id>/opatreni-<int:measure_id>.pdf",
        views_public.measure_download,
        name="measure_download",
    ),
]
