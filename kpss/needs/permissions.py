"""Who may work with needs, norms, analyses and surveys of a planning area (obj = the area)."""

from __future__ import annotations

import rules

from kpss.core.permissions import is_admin
from kpss.organisations.permissions import (
    is_area_coordinator,
    is_area_member,
    is_area_municipality_officer,
)

can_edit_needs = is_admin | is_area_coordinator | is_area_municipality_officer
can_manage = is_admin | is_area_coordinator

rules.add_perm("needs.view_internal", is_admin | is_area_member)
rules.add_perm("needs.change_need", can_edit_needs)
rules.add_perm("needs.change_swot", can_manage)
rules.add_perm("needs.change_norms", can_manage)
rules.add_perm("needs.run_analysis", is_admin | is_area_member)
rules.add_perm("needs.manage_survey", can_manage)
