"""Staff pages of monitoring; mounted under `sprava/uzemi/<slug:slug>/plneni/`."""

from django.urls import URLPattern, URLResolver, path

from kpss.monitoring import views

app_name = "monitoring"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("plan/<int:plan_id>/akcni-plan/", views.action_plan_generate, name="generate"),
    path("plan/<int:plan_id>/ukazatele/", views.indicators, name="indicators"),
    path("plan/<int:plan_id>/hodnoceni/", views.evaluation_create, name="evaluation_create"),
    path("akcni-plan/<int:action_plan_id>/", views.action_plan, name="action_plan"),
    path(
        "akcni-plan/<int:action_plan_id>/zverejnit/",
        views.action_plan_publish,
        name="action_plan_publish",
    ),
    path("polozka/<int:item_id>/", views.item, name="item"),
    path("polozka/<int:item_id>/upravit/", views.item_edit, name="item_edit"),
    path("polozka/<int:item_id>/milnik/", views.milestone_add, name="milestone_add"),
    path("milnik/<int:milestone_id>/splneno/", views.milestone_reach, name="milestone_reach"),
    path("doklad/<int:update_id>/", views.evidence, name="evidence"),
    path("hodnoceni/<int:evaluation_id>/", views.evaluation, name="evaluation"),
    path(
        "hodnoceni/<int:evaluation_id>/zverejnit/",
        views.evaluation_publish,
        name="evaluation_publish",
    ),
    path("hodnoceni/<int:evaluation_id>/do-planu/", views.evaluation_feed, name="evaluation_feed"),
    path(
        "hodnoceni/<int:evaluation_id>/hodnoceni.<str:fmt>",
        views.evaluation_download,
        name="evaluation_download",
    ),
    path("cile-site/", views.goals, name="goals"),
]
