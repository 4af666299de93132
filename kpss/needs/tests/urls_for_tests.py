"""The project's URLs plus the needs pages and API, for as long as config/urls.py and the
API router do not mount them yet (once they do, this adds nothing)."""

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
if not _mounted("/sprava/uzemi/x/potreby/", "need_list"):
    extra.append(path("sprava/uzemi/<slug:slug>/", include("kpss.needs.urls")))
if not _mounted("/uzemi/x/potreby/", "needs"):
    extra.append(path("uzemi/<slug:slug>/", include("kpss.needs.urls_public")))
if not _mounted("/api/v1/areas/x/needs", "area_need_list"):
    from kpss.api.errors import install_problem_handlers
    from kpss.api.router import KpssJSONRenderer, KpssNinjaAPI
    from kpss.needs.api import router as needs_router

    needs_api = KpssNinjaAPI(
        title="KPSS needs API (tests)",
        version="test-needs",
        urls_namespace="api-needs-test",
        renderer=KpssJSONRenderer(),
    )
    install_problem_handlers(needs_api)
    needs_api.add_router("", needs_router)
    extra.append(path("api/v1/", needs_api.urls))

urlpatterns = [*extra, *project_urlpatterns]
