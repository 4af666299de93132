"""Models of the mid-term plan, one module per part."""

from kpss.planning.models.approval import Approval, CouncilOpinion
from kpss.planning.models.consultation import Comment, Consultation
from kpss.planning.models.content import (
    Activity,
    FundingSource,
    Indicator,
    Measure,
    MeasureCost,
    NetworkChange,
    NetworkEntry,
    Priority,
    Section,
)
from kpss.planning.models.plan import Plan, PlanVersion, PlanVersionTransition

__all__ = [
    "Activity",
    "Approval",
    "Comment",
    "Consultation",
    "CouncilOpinion",
    "FundingSource",
    "Indicator",
    "Measure",
    "MeasureCost",
    "NetworkChange",
    "NetworkEntry",
    "Plan",
    "PlanVersion",
    "PlanVersionTransition",
    "Priority",
    "Section",
]
