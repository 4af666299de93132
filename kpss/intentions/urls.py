"""Staff pages of intentions; mounted under `sprava/uzemi/<slug:slug>/zamery/`."""

from django.urls import URLPattern, URLResolver

app_name = "intentions"

urlpatterns: list[URLPattern | URLResolver] = []
