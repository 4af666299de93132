"""Limit/offset pagination shared by the list endpoints: `?limit=&offset=` in, `count` and
`items` out. Explicit rather than a decorator, so that the endpoint shows what it returns."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, Schema

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

M = TypeVar("M", bound=Model)


class PageParams(Schema):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT})."
    )
    offset: int = Field(0, ge=0, description="Number of items to skip.")


class Page(Schema):
    """Fields every page has; a concrete page adds `items: list[ItemSchema]`."""

    count: int = Field(description="Number of items matching the filters, on all pages.")
    limit: int
    offset: int


def paginate(queryset: QuerySet[M], params: PageParams) -> dict[str, Any]:
    """One COUNT and one slice of the query; prefetches of the queryset run once per page."""
    return {
        "count": queryset.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": list(queryset[params.offset : params.offset + params.limit]),
    }
