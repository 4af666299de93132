"""Public pages of monitoring; mounted under `uzemi/<slug:slug>/plneni/`."""

from django.urls import URLPattern, URLResolver

app_name = "monitoring_public"

urlpatterns: list[URLPattern | URLResolver] = []
