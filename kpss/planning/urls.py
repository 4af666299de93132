"""Staff pages of the mid-term plan; mounted under `sprava/uzemi/<slug:slug>/plan/`."""

from django.urls import path

from kpss.planning import views, views_parts

app_name = "planning"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("<int:plan_id>/", views.plan_detail, name="plan"),
    path("<int:plan_id>/novy-koncept/", views.draft_create, name="draft_create"),
    path("<int:plan_id>/rozdil/", views.diff, name="diff"),
    path("verze/<int:version_id>/", views.version_detail, name="version"),
    path(
        "verze/<int:version_id>/oddily/<int:section_id>/",
        views.section_edit,
        name="section_edit",
    ),
    path("verze/<int:version_id>/priority/", views.priority_create, name="priority_create"),
    path("verze/<int:version_id>/opatreni/nove/", views.measure_create, name="measure_create"),
    path("verze/<int:version_id>/sit/", views.network_entry, name="network_entry"),
    path("verze/<int:version_id>/zverejnit/", views.publish, name="publish"),
    path("verze/<int:version_id>/stav/", views.transition, name="transition"),
    path("verze/<int:version_id>/schvaleni/", views.approve, name="approve"),
    path("verze/<int:version_id>/pripominky/", views.comments, name="comments"),
    path(
        "verze/<int:version_id>/vyporadani/zverejnit/",
        views.settlement_publish,
        name="settlement_publish",
    ),
    path("verze/<int:version_id>/zastupitelstva/", views.councils, name="councils"),
    path(
        "verze/<int:version_id>/zastupitelstva/<int:municipality_id>/",
        views.council_opinion,
        name="council_opinion",
    ),
    path("verze/<int:version_id>/plan.<str:fmt>", views.download, name="download"),
    path(
        "verze/<int:version_id>/vyporadani.<str:fmt>",
        views.settlement_download,
        name="settlement_download",
    ),
    path(
        "verze/<int:version_id>/opatreni-<int:measure_id>.pdf",
        views.measure_download,
        name="measure_download",
    ),
    path("priority/<int:priority_id>/", views.priority_edit, name="priority"),
    path("opatreni/<int:measure_id>/", views.measure_edit, name="measure"),
    path("opatreni/<int:measure_id>/smazat/", views.measure_delete, name="measure_delete"),
    path("opatreni/<int:measure_id>/<slug:part>/", views.measure_part_add, name="measure_part"),
    path(
        "opatreni/<int:measure_id>/<slug:part>/<int:pk>/smazat/",
        views.measure_part_delete,
        name="measure_part_delete",
    ),
    path(
        "opatreni/<int:measure_id>/<slug:part>/<int:pk>/upravit/",
        views_parts.measure_part_edit,
        name="measure_part_edit",
    ),
    path(
        "verze/<int:version_id>/sit/odebrat/",
        views_parts.network_entry_remove,
        name="network_entry_remove",
    ),
    path("pripominky/<int:comment_id>/", views.comment_detail, name="comment"),
    path("pripominky/<int:comment_id>/skryt/", views.comment_hide, name="comment_hide"),
]
