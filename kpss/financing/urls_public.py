"""Public pages of financing; mounted under `uzemi/<slug:slug>/financovani/`."""

from django.urls import path

from kpss.financing import views_public

app_name = "financing_public"

urlpatterns = [
    path("", views_public.programmes, name="programmes"),
    path("<int:year>/", views_public.programme, name="programme"),
]
