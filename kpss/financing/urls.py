"""Staff pages of financing; mounted under `sprava/uzemi/<slug:slug>/financovani/`."""

from django.urls import path

from kpss.financing import views

app_name = "financing"

urlpatterns = [
    path("", views.programme_list, name="programmes"),
    path("rozpocty/", views.budgets, name="budgets"),
    path("rozpocty/import/", views.budget_import, name="budget_import"),
    path(
        "rozpocty/import/sablona.xlsx",
        views.budget_import_template,
        name="budget_import_template",
    ),
    path("alokace/", views.allocation, name="allocation"),
    path("<int:year>/", views.programme_detail, name="programme"),
    path("<int:year>/vzorec/", views.programme_formula, name="formula"),
    path("<int:year>/obce/", views.programme_participants, name="participants"),
    path("<int:year>/kriteria/", views.criterion_add, name="criterion_add"),
    path("<int:year>/stav/", views.programme_transition, name="transition"),
    path("<int:year>/navrh/", views.programme_propose, name="propose"),
    path("<int:year>/zadost/", views.application_create, name="apply"),
    path("<int:year>/prehled-obci/", views.municipality_report, name="municipality_report"),
    path("<int:year>/prehled-poskytovatelu/", views.provider_report, name="provider_report"),
    path("<int:year>/souhrn.<str:fmt>", views.download, name="download"),
    path("zadosti/<int:application_id>/", views.application_detail, name="application"),
    path(
        "zadosti/<int:application_id>/<slug:action>/",
        views.application_action,
        name="application_action",
    ),
]
