"""Staff pages of the planning organisation; mounted under `sprava/uzemi/<slug:slug>/organizace/`
(every view gets `slug`)."""

from django.urls import path

from kpss.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("moje/", views.my_page, name="my"),
    path("organy/novy/", views.body_create, name="body_create"),
    path("organy/<int:body_id>/", views.body_detail, name="body_detail"),
    path("organy/<int:body_id>/upravit/", views.body_edit, name="body_edit"),
    path("organy/<int:body_id>/clenove/", views.membership_add, name="membership_add"),
    path(
        "organy/<int:body_id>/clenove/<int:pk>/ukoncit/",
        views.membership_end,
        name="membership_end",
    ),
    path("organy/<int:body_id>/jednani/nove/", views.meeting_create, name="meeting_create"),
    path("organy/<int:body_id>/per-rollam/", views.per_rollam_create, name="per_rollam_create"),
    path(
        "organy/<int:body_id>/usneseni.<str:fmt>",
        views.resolutions_export,
        name="resolutions_export",
    ),
    path("jednani/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("jednani/<int:meeting_id>/upravit/", views.meeting_edit, name="meeting_edit"),
    path("jednani/<int:meeting_id>/stav/", views.meeting_transition, name="meeting_transition"),
    path("jednani/<int:meeting_id>/program/", views.agenda_add, name="agenda_add"),
    path(
        "jednani/<int:meeting_id>/program/<int:pk>/smazat/",
        views.agenda_delete,
        name="agenda_delete",
    ),
    path("jednani/<int:meeting_id>/pozvat/", views.meeting_invite, name="meeting_invite"),
    path("jednani/<int:meeting_id>/pozvanka.ics", views.meeting_calendar, name="meeting_calendar"),
    path("jednani/<int:meeting_id>/dochazka/", views.attendance, name="attendance"),
    path("jednani/<int:meeting_id>/zapis/", views.minutes_edit, name="minutes_edit"),
    path("jednani/<int:meeting_id>/zapis/schvalit/", views.minutes_approve, name="minutes_approve"),
    path("jednani/<int:meeting_id>/zapis.<str:fmt>", views.minutes_export, name="minutes_export"),
    path("jednani/<int:meeting_id>/navrhy/", views.motion_create, name="motion_create"),
    path("navrhy/<int:motion_id>/", views.motion_detail, name="motion_detail"),
    path("navrhy/<int:motion_id>/hlasovani/", views.votes_record, name="votes_record"),
    path("navrhy/<int:motion_id>/muj-hlas/", views.vote_cast, name="vote_cast"),
    path("navrhy/<int:motion_id>/stret-zajmu/", views.conflict_declare, name="conflict_declare"),
    path("navrhy/<int:motion_id>/uzavrit/", views.motion_close, name="motion_close"),
    path("navrhy/<int:motion_id>/postoupit/", views.resolution_forward, name="resolution_forward"),
]
