"""Staff pages of the needs register, SWOT and surveys; mounted under
`sprava/uzemi/<slug:slug>/` (every view gets `slug`)."""

from django.urls import path

from kpss.needs import views

app_name = "needs"

urlpatterns = [
    path("potreby/", views.need_list_view, name="need_list"),
    path("potreby/nova/", views.need_create, name="need_create"),
    path("potreby/<int:number>/", views.need_detail, name="need_detail"),
    path("potreby/<int:number>/upravit/", views.need_edit, name="need_edit"),
    path("swot/", views.swot, name="swot"),
    path("swot/<int:pk>/smazat/", views.swot_delete, name="swot_delete"),
    path("pruzkumy/", views.survey_list_view, name="survey_list"),
    path("pruzkumy/novy/", views.survey_create, name="survey_create"),
    path("pruzkumy/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("pruzkumy/<int:pk>/otazky/", views.question_add, name="question_add"),
    path("pruzkumy/<int:pk>/stav/", views.survey_transition, name="survey_transition"),
    path("pruzkumy/<int:pk>/nahled/", views.survey_preview, name="survey_preview"),
    path("pruzkumy/<int:pk>/vysledky/", views.survey_results_view, name="survey_results"),
    path(
        "pruzkumy/<int:pk>/odpovedi.<str:fmt>",
        views.survey_export,
        name="survey_export",
    ),
]
