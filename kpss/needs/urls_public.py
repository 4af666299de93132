"""Public pages: published needs and the questionnaires; mounted under `uzemi/<slug:slug>/`."""

from django.urls import path

from kpss.needs import views

app_name = "needs_public"

urlpatterns = [
    path("potreby/", views.public_need_list, name="needs"),
    path("pruzkumy/<uuid:public_id>/", views.public_survey, name="survey"),
    path("pruzkumy/<uuid:public_id>/dekujeme/", views.public_survey_thanks, name="survey_thanks"),
]
