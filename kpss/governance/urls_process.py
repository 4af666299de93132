"""Staff pages of the process timeline, the project budget and events; mounted under
`sprava/uzemi/<slug:slug>/proces/` (every view gets `slug`)."""

from django.urls import path

from kpss.governance import views_process as views

app_name = "governance_process"

urlpatterns = [
    path("", views.timeline_view, name="timeline"),
    path("faze/nova/", views.phase_create, name="phase_create"),
    path("faze/<int:pk>/upravit/", views.phase_edit, name="phase_edit"),
    path("faze/<int:pk>/smazat/", views.phase_delete, name="phase_delete"),
    path("milniky/novy/", views.milestone_create, name="milestone_create"),
    path("milniky/<int:pk>/upravit/", views.milestone_edit, name="milestone_edit"),
    path("milniky/<int:pk>/smazat/", views.milestone_delete, name="milestone_delete"),
    path("rozpocet/", views.budget_view, name="budget"),
    path("rozpocet/novy/", views.project_create, name="project_create"),
    path("rozpocet/<int:pk>/", views.project_detail, name="project"),
    path("rozpocet/<int:pk>/upravit/", views.project_edit, name="project_edit"),
    path("rozpocet/<int:pk>/smazat/", views.project_delete, name="project_delete"),
    path("rozpocet/<int:pk>/rozpocet.xlsx", views.project_export, name="project_export"),
    path("rozpocet/<int:pk>/polozky/nova/", views.line_create, name="line_create"),
    path("rozpocet/<int:pk>/polozky/<int:line>/upravit/", views.line_edit, name="line_edit"),
    path("rozpocet/<int:pk>/polozky/<int:line>/smazat/", views.line_delete, name="line_delete"),
    path(
        "rozpocet/<int:pk>/polozky/<int:line>/cerpani/nove/",
        views.spending_create,
        name="spending_create",
    ),
    path(
        "rozpocet/<int:pk>/cerpani/<int:spending>/upravit/",
        views.spending_edit,
        name="spending_edit",
    ),
    path(
        "rozpocet/<int:pk>/cerpani/<int:spending>/smazat/",
        views.spending_delete,
        name="spending_delete",
    ),
    path("rozpocet/<int:pk>/ucast/nova/", views.participation_create, name="participation_create"),
    path(
        "rozpocet/<int:pk>/ucast/<int:record>/upravit/",
        views.participation_edit,
        name="participation_edit",
    ),
    path(
        "rozpocet/<int:pk>/ucast/<int:record>/smazat/",
        views.participation_delete,
        name="participation_delete",
    ),
    path("akce/", views.events_view, name="events"),
    path("akce/nova/", views.event_create, name="event_create"),
    path("akce/<int:pk>/upravit/", views.event_edit, name="event_edit"),
    path("akce/<int:pk>/smazat/", views.event_delete, name="event_delete"),
]
