"""Staff pages of monitoring; mounted under `sprava/uzemi/<slug:slug>/plneni/`."""

from django.urls import URLPattern, URLResolver

app_name = "monitoring"

urlpatterns: list[URLPattern | URLResolver] = []
