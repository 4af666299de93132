"""Public pages of intentions; mounted under `uzemi/<slug:slug>/zamery/`."""

from django.urls import path

from kpss.intentions import views_public

app_name = "intentions_public"

urlpatterns = [
    path("", views_public.intention_list, name="list"),
]
