"""The project's URLs plus the governance pages and API, for as long as config/urls.py and
the API router do not mount them yet (once they do, this adds nothing)."""

from __future__ import annotations

from typing import Any

from django.urls import Resolver404, include, path, resolve

from kpss.needs.tests.urls_for_tests import urlpatterns as needs_urlpatterns


def _mounted(url: str, url_name: str) -> bool:
    """Whether the project resolves `url` to our view (not to a catch-all)."""
    try:
        match = resolve(url, urlconf="config.urls")
    except Resolver404:
        return False
    return match.url_name == url_name


extra: list[Any] = []
if not _mounted("/sprava/uzemi/x/organizace/", "organisation"):
    extra.append(path("sprava/uzemi/<slug:slug>/organizace/", include("kpss.governance.urls")))
if not _mounted("/uzemi/x/organizace/", "organisation"):
    extra.append(path("uzemi/<slug:slug>/organizace/", include("kpss.governance.urls_public")))
if not _mounted("/api/v1/areas/x/bodies", "area_body_list"):
    from kpss.api.errors import install_problem_handlers
    from kpss.api.router import KpssJSONRenderer, KpssNinjaAPI
    from kpss.governance.api import router as governance_router

    governance_api = KpssNinjaAPI(
        title="KPSS governance API (tests)",
        version="test-governance",
        urls_namespace="api-governance-test",
        renderer=KpssJSONRenderer(),
    )
    install_problem_handlers(governance_api)
    governance_api.add_router("", governance_router)
    extra.append(path("api/v1/", governance_api.urls))

urlpatterns = [*extra, *needs_urlpatterns]
