"""Public pages of intentions; mounted under `uzemi/<slug:slug>/zamery/`."""

from django.urls import URLPattern, URLResolver

app_name = "intentions_public"

urlpatterns: list[URLPattern | URLResolver] = []
