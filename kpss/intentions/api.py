"""API endpoints of intentions."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["intentions"])
