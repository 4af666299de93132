"""The project's URLs plus the process pages (timeline, budget, events) and their API, for as
long as config/urls.py and the API router do not mount them yet (once they do, this adds
nothing)."""

from __future__ import annotations

from typing import Any

from django.urls import Resolver404, include, path, resolve

from config.urls import urlpatterns as project_urlpatterns


def _mounted(url: str, url_name: str) -> bool:
    try:
        match = resolve(url, urlconf="config.urls")
    except Resolver404:
        return False
    return match.url_name == url_name


extra: list[Any] = []
if not _mounted("/sprava/uzemi/x/proces/", "timeline"):
    extra.append(path("sprava/uzemi/<slug:slug>/proces/", include("kpss.governance.urls_process")))
if not _mounted("/uzemi/x/akce/", "events"):
    extra.append(path("uzemi/<slug:slug>/akce/", include("kpss.governance.urls_events_public")))
if not _mounted("/api/v1/areas/x/timeline", "area_timeline"):
    from kpss.api.errors import install_problem_handlers
    from kpss.api.router import KpssJSONRenderer, KpssNinjaAPI
    from kpss.governance.api_process import router as process_router

    process_api = KpssNinjaAPI(
        title="KPSS process API (tests)",
        version="test-process",
        urls_namespace="api-process-test",
        renderer=KpssJSONRenderer(),
    )
    install_problem_handlers(process_api)
    process_api.add_router("", process_router)
    extra.append(path("api/v1/", process_api.urls))

urlpatterns = [*extra, *project_urlpatterns]
