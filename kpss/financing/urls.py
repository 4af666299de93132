"""Staff pages of financing; mounted under `sprava/uzemi/<slug:slug>/financovani/`."""

from django.urls import URLPattern, URLResolver

app_name = "financing"

urlpatterns: list[URLPattern | URLResolver] = []
