"""The versioned JSON API: one NinjaAPI, with each app's endpoints mounted as a router.

Errors are problem details (errors.py); who is calling is decided in auth.py.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router
from ninja.operation import Operation
from ninja.renderers import JSONRenderer

from kpss.api.errors import PROBLEM_CONTENT_TYPE, install_problem_handlers
from kpss.api.throttling import AnonymousRateThrottle
from kpss.financing.api import router as financing_router
from kpss.governance.api import router as governance_router
from kpss.governance.api_process import router as process_router
from kpss.intentions.api import router as intentions_router
from kpss.monitoring.api import router as monitoring_router
from kpss.needs.api import router as needs_router
from kpss.needs.api_analysis import router as analysis_router
from kpss.planning.api import router as planning_router
from kpss.portal.api import router as portal_router
from kpss.registry.api import router as registry_router
from kpss.territory.api import router as territory_router

#: The OpenAPI name of the personal API token scheme (the tokens: kpss/api/middleware.py).
BEARER_SCHEME = "BearerToken"


class KpssJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Czech letters as they are, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


class KpssNinjaAPI(NinjaAPI):
    def get_operation_id(self, operation: Operation) -> str:
        """The view function's name: stable and readable in generated clients."""
        return operation.view_func.__name__

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Document error responses with the media type they are sent with, and the
        personal API token (bearer) as a way to authenticate every operation."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
        schemes[BEARER_SCHEME] = {
            "type": "http",
            "scheme": "bearer",
            "description": "Personal API token (Správa → API tokeny, or `kpss api-token "
            "create`): `Authorization: Bearer kpss_…`. Optional for public reads.",
        }
        # Every endpoint accepts a token; reads also work without one.
        schema["security"] = [{}, {BEARER_SCHEME: []}]
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if operation.get("security") and {BEARER_SCHEME: []} not in operation["security"]:
                    operation["security"].append({BEARER_SCHEME: []})
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if int(status) >= 400 and content and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return schema


api = KpssNinjaAPI(
    title="KPSS API",
    version="1.0.0",
    description="Komunitní plánování sociálních služeb – veřejné a interní rozhraní.",
    urls_namespace="api-v1",
    renderer=KpssJSONRenderer(),
    throttle=[AnonymousRateThrottle()],
)
install_problem_handlers(api)
api.add_router("", territory_router)
api.add_router("", registry_router)
api.add_router("", needs_router)
api.add_router("", analysis_router)
api.add_router("", process_router)
api.add_router("", governance_router)
api.add_router("", planning_router)
api.add_router("", intentions_router)
api.add_router("", financing_router)
api.add_router("", monitoring_router)
api.add_router("", portal_router)

# Last, so that it matches only what no endpoint does: unknown paths get a problem+json 404
# instead of Django's HTML page.
fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False
)
def unknown_path(request: HttpRequest, rest: str) -> None:
    raise Http404(rest)


api.add_router("", fallback)
