"""Public portal URLs (Czech paths) and the staff entry page."""

from django.urls import path

from kpss.portal import views, views_data, views_tokens

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("najit-pomoc/", views.find_help, name="find_help"),
    path("otevrena-data/", views_data.datasets, name="datasets"),
    path("otevrena-data/katalog.jsonld", views_data.catalogue, name="catalogue"),
    path("otevrena-data/lkod/", views_data.lkod_catalogue_view, name="lkod_catalogue"),
    path(
        "otevrena-data/lkod/<slug:slug>/<slug:key>.jsonld",
        views_data.lkod_dataset_view,
        name="lkod_dataset",
    ),
    path("uzemi/<slug:slug>/", views.area_home, name="area"),
    path("uzemi/<slug:slug>/hranice.geojson", views.area_boundaries, name="area_boundaries"),
    path("uzemi/<slug:slug>/obce/", views.municipality_list, name="municipalities"),
    path(
        "uzemi/<slug:slug>/obce/<str:code>/",
        views.municipality_detail,
        name="municipality",
    ),
    path(
        "uzemi/<slug:slug>/obce/<str:code>/letak.pdf",
        views.municipality_leaflet,
        name="leaflet",
    ),
    path("uzemi/<slug:slug>/sluzby/", views.service_list_view, name="services"),
    path(
        "uzemi/<slug:slug>/otevrena-data/sluzby.csv",
        views_data.services_csv,
        name="services_csv",
    ),
    path("uzemi/<slug:slug>/otevrena-data/hsds.json", views_data.hsds_json, name="hsds_json"),
    path("uzemi/<slug:slug>/otevrena-data/hsds.zip", views_data.hsds_zip, name="hsds_zip"),
    path(
        "uzemi/<slug:slug>/otevrena-data/datapackage.json",
        views_data.hsds_datapackage,
        name="hsds_datapackage",
    ),
    path(
        "uzemi/<slug:slug>/sluzby/<path:identifier>/",
        views.service_detail,
        name="service",
    ),
    path("poskytovatele/<str:ico>/", views.provider_detail, name="provider"),
    path("pristupnost/", views.accessibility, name="accessibility"),
    path("prihlaseni/", views.LoginView.as_view(), name="login"),
    path("odhlaseni/", views.LogoutView.as_view(), name="logout"),
    path("sprava/", views.staff_home, name="staff_home"),
    path("sprava/tokeny/", views_tokens.api_tokens, name="api_tokens"),
    path(
        "sprava/tokeny/<int:token_id>/zrusit/",
        views_tokens.api_token_revoke_view,
        name="api_token_revoke",
    ),
]
