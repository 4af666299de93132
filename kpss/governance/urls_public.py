"""Public pages of the planning organisation; mounted under `uzemi/<slug:slug>/organizace/`."""

from django.urls import path

from kpss.governance import views

app_name = "governance_public"

urlpatterns = [
    path("", views.public_organisation, name="organisation"),
    path("jednani/<int:meeting_id>/", views.public_meeting, name="meeting"),
    path(
        "jednani/<int:meeting_id>/pozvanka.ics",
        views.public_meeting_calendar,
        name="meeting_calendar",
    ),
]
