from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "KPSS_MAP_TILE_URL": settings.KPSS_MAP_TILE_URL,
        "KPSS_MAP_TILE_ATTRIBUTION": settings.KPSS_MAP_TILE_ATTRIBUTION,
    }
