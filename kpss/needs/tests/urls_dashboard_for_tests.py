"""The project's URLs plus the analysis dashboard and its API, for as long as config/urls.py
and the API router do not mount them yet (once they do, this adds nothing)."""

from __future__ import annotations

from typing import Any

from django.urls import Resolver404, include, path, resolve

from config.urls import urlpatterns as project_urlpatterns


def _mounted(url: str, url_name: str) -> bool:
    """Whether the project resolves `url` to our view (not to a catch-all)."""
    try:
        match = resolve(url, urlconf="config.urls")
    except Resolver404:
        return False
    return match.url_name == url_name


extra: list[Any] = []
if not _mounted("/sprava/uzemi/x/analyza/", "dashboard"):
    extra.append(path("sprava/uzemi/<slug:slug>/analyza/", include("kpss.needs.urls_dashboard")))
if not _mounted("/uzemi/x/analyza/", "dashboard"):
    extra.append(path("uzemi/<slug:slug>/analyza/", include("kpss.needs.urls_dashboard_public")))
if not _mounted("/api/v1/areas/x/gaps", "area_gaps"):
    from kpss.api.errors import install_problem_handlers
    from kpss.api.router import KpssJSONRenderer, KpssNinjaAPI
    from kpss.needs.api_analysis import router as analysis_router

    analysis_api = KpssNinjaAPI(
        title="KPSS analysis API (tests)",
        version="test-analysis",
        urls_namespace="api-analysis-test",
        renderer=KpssJSONRenderer(),
    )
    install_problem_handlers(analysis_api)
    analysis_api.add_router("", analysis_router)
    extra.append(path("api/v1/", analysis_api.urls))

urlpatterns = [*extra, *project_urlpatterns]
