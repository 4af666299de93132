"""The versioned JSON API: one NinjaAPI, with each app's endpoints mounted as a router."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="KPSS API",
    version="1.0.0",
    description="Komunitní plánování sociálních služeb – veřejné a interní rozhraní.",
    urls_namespace="api-v1",
)
