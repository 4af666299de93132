"""Public pages of financing; mounted under `uzemi/<slug:slug>/financovani/`."""

from django.urls import URLPattern, URLResolver

app_name = "financing_public"

urlpatterns: list[URLPattern | URLResolver] = []
