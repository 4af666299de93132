"""Staff pages of intentions; mounted under `sprava/uzemi/<slug:slug>/zamery/`."""

from django.urls import path

from kpss.intentions import views

app_name = "intentions"

urlpatterns = [
    path("", views.calls, name="calls"),
    path("vyzvy/nova/", views.call_create, name="call_create"),
    path("vyzvy/<int:call_id>/", views.call_detail, name="call"),
    path("vyzvy/<int:call_id>/upravit/", views.call_edit, name="call_edit"),
    path("vyzvy/<int:call_id>/novy-zamer/", views.intention_create, name="intention_create"),
    path("vyzvy/<int:call_id>/poradi/", views.call_priorities, name="call_priorities"),
    path("vyzvy/<int:call_id>/uzavrit/", views.call_close, name="call_close"),
    path("vyzvy/<int:call_id>/souhrn.xlsx", views.call_summary, name="call_summary"),
    path("<int:intention_id>/", views.intention_detail, name="intention"),
    path("<int:intention_id>/upravit/", views.intention_edit, name="intention_edit"),
    path("<int:intention_id>/podat/", views.intention_submit, name="intention_submit"),
    path("<int:intention_id>/revize/", views.intention_revise, name="intention_revise"),
    path("<int:intention_id>/posouzeni/", views.intention_assess, name="intention_assess"),
    path("<int:intention_id>/vyjadreni/", views.statement_issue, name="statement_issue"),
    path("<int:intention_id>/vyjadreni.pdf", views.statement_download, name="statement_download"),
]
