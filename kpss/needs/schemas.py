"""Shapes of needs and surveys in the API."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema


class CodeName(Schema):
    code: str
    name: str


class IdName(Schema):
    id: int
    name: str


class NeedOut(Schema):
    number: int
    title: str
    description: str
    target_group: IdName | None
    municipalities: list[CodeName]
    service_types: list[str] = Field(description="Keys of the service types, e.g. '49'.")
    raised_by: str = Field(
        description="working_group | municipality | survey | provider | users | analysis"
    )
    raised_by_name: str
    evidence: str
    identified_on: dt.date | None = Field(
        None, description="When the need was first identified; null: the day it was recorded."
    )
    regional_need_number: int | None
    priority: str = Field(description="high | medium | low")
    status: str = Field(description="proposed | accepted | in_plan | met | rejected")
    is_public: bool = Field(description="False only in members' view of unpublished needs.")
    version: int


class SurveyBrief(Schema):
    public_id: uuid.UUID
    title: str
    status: str = Field(description="open | closed (drafts are not listed)")
    accepting_answers: bool
    opens_on: dt.date | None
    closes_on: dt.date | None
    target_group: IdName | None


class ChoiceOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    kind: str = Field(description="single | multiple | scale | text")
    text: str
    help_text: str
    required: bool
    scale_min: int | None = Field(description="For scale questions only.")
    scale_max: int | None = Field(description="For scale questions only.")
    choices: list[ChoiceOut] = Field(description="For single and multiple choice only.")


class SurveyDetail(SurveyBrief):
    area: str = Field(description="Short name of the planning area.")
    introduction: str
    ask_municipality: bool
    ask_age_band: bool
    municipalities: list[CodeName] = Field(
        description="Allowed values of municipality_code (members of the area)."
    )
    age_bands: list[IdName] = Field(description="Allowed values of age_band_id.")
    questions: list[QuestionOut]


class ResponseIn(Schema):
    """An anonymous filled-in questionnaire. `answers` maps a question id to a choice id
    (single), a list of choice ids (multiple), a number (scale) or a text (text)."""

    answers: dict[str, int | list[int] | str] = Field(
        default_factory=dict, examples=[{"12": 40, "13": [41, 43], "14": 4, "15": "…"}]
    )
    municipality_code: str = Field("", pattern=r"^(\d{6})?$", description="Optional.")
    age_band_id: int | None = Field(None, ge=1, description="Optional.")


class ResponseReceipt(Schema):
    survey: uuid.UUID
    received: bool = True


class OptionCount(Schema):
    label: str
    count: int


class PlaceCount(Schema):
    municipality: str = Field(description="Name; empty when the respondent did not say.")
    count: int


class AgeBandCount(Schema):
    age_band: str = Field(description="Name; empty when the respondent did not say.")
    count: int


class PlaceOptionCounts(Schema):
    municipality: str
    counts: list[OptionCount]


class QuestionResultOut(Schema):
    id: int
    kind: str
    text: str
    answered: int
    counts: list[OptionCount] = Field(description="Per option, or per value of a scale.")
    mean: float | None = Field(description="Mean of a scale question.")
    texts: list[str] = Field(description="Answers to a free-text question.")
    by_municipality: list[PlaceOptionCounts]


class SurveyResultsOut(Schema):
    public_id: uuid.UUID
    title: str
    status: str
    responses: int
    by_municipality: list[PlaceCount]
    by_age_band: list[AgeBandCount]
    questions: list[QuestionResultOut]
