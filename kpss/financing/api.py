"""API endpoints of financing."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["financing"])
