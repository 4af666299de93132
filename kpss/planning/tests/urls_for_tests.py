"""The project's URLs plus the planning API, for as long as the API router does not mount it
(once it does, this adds nothing)."""

from __future__ import annotations

from typing import Any

from django.urls import Resolver404, path, resolve

from config.urls import urlpatterns as project_urlpatterns


def _mounted(url: str, url_name: str) -> bool:
    try:
        match = resolve(url, urlconf="config.urls")
    except Resolver404:
        return False
    return match.url_name == url_name


extra: list[Any] = []
if not _mounted("/api/v1/areas/x/plans", "area_plan_list"):
    from kpss.api.errors import install_problem_handlers
    from kpss.api.router import KpssJSONRenderer, KpssNinjaAPI
    from kpss.planning.api import router as planning_router

    planning_api = KpssNinjaAPI(
        title="KPSS planning API (tests)",
        version="test-planning",
        urls_namespace="api-planning-test",
        renderer=KpssJSONRenderer(),
    )
    install_problem_handlers(planning_api)
    planning_api.add_router("", planning_router)
    extra.append(path("api/v1/", planning_api.urls))

urlpatterns = [*extra, *project_urlpatterns]
