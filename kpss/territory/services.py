"""Writes to the territory: planning areas and their member municipalities."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ValidationFailed
from kpss.core.permissions import require_perm
from kpss.territory.models import AreaMembership, Municipality, Orp, PlanningArea


def planning_area_create(
    *,
    actor: User,
    slug: str,
    name: str,
    kind: str = "",
    orp_code: str | None = None,
    municipality_codes: list[str] | None = None,
    valid_from: dt.date | None = None,
    is_public: bool = False,
    description: str = "",
) -> PlanningArea:
    """Define a planning area from an ORP (all its municipalities) or a list of codes."""
    require_perm(actor, "territory.add_planningarea")
    if PlanningArea.objects.filter(slug=slug).exists():
        raise ValidationFailed(
            _("Planning area %(slug)s already exists.") % {"slug": slug}, code="area_exists"
        )
    if bool(orp_code) == bool(municipality_codes):
        raise ValidationFailed(
            _("Give either an ORP code or a list of municipality codes."), code="area_definition"
        )
    orp = None
    if orp_code:
        orp = Orp.objects.filter(code=orp_code).first()
        if orp is None:
            raise ValidationFailed(
                _("Unknown ORP code %(code)s.") % {"code": orp_code}, code="unknown_orp"
            )
        municipalities = list(Municipality.objects.filter(orp=orp))
    else:
        codes = [c.strip() for c in municipality_codes or [] if c.strip()]
        municipalities = list(Municipality.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {m.code for m in municipalities})
        if unknown:
            raise ValidationFailed(
                _("Unknown municipality codes: %(codes)s.") % {"codes": ", ".join(unknown)},
                code="unknown_municipality",
                codes=unknown,
            )
    area = PlanningArea(
        slug=slug,
        name=name,
        orp=orp,
        is_public=is_public,
        description=description,
        kind=kind or (PlanningArea.Kind.ORP if orp else PlanningArea.Kind.CUSTOM),
    )
    area.full_clean()
    with transaction.atomic():
        area.save()
        AreaMembership.objects.bulk_create(
            AreaMembership(
                planning_area=area,
                municipality=m,
                **({"valid_from": valid_from} if valid_from else {}),
            )
            for m in municipalities
        )
        audit_record(
            actor=actor,
            verb="planning_area.create",
            obj=area,
            area_slug=area.slug,
            payload={"municipalities": sorted(m.code for m in municipalities)},
        )
    return area


def planning_area_set_public(*, actor: User, area: PlanningArea, is_public: bool) -> PlanningArea:
    require_perm(actor, "territory.change_planningarea", area)
    with transaction.atomic():
        area.is_public = is_public
        area.save(update_fields=["is_public", "updated_at"])
        audit_record(
            actor=actor,
            verb="planning_area.publish" if is_public else "planning_area.unpublish",
            obj=area,
            area_slug=area.slug,
        )
    return area
