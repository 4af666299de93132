"""Public event pages and their iCalendar files; mounted under `uzemi/<slug:slug>/akce/`."""

from django.urls import path

from kpss.governance import views_process as views

app_name = "governance_events_public"

urlpatterns = [
    path("", views.public_event_list, name="events"),
    path("akce.ics", views.public_event_feed, name="feed"),
    path("<int:pk>/", views.public_event_detail, name="event"),
    path("<int:pk>/akce.ics", views.public_event_ics, name="event_ics"),
]
