"""How policy versions are shown at /v1/policies."""

from datetime import date

from pydantic import BaseModel

from api.policy.verdict import Basis
from api.policy.version import TrainingState


class PolicySummary(BaseModel):
    id: str
    owner: str
    title: str
    effective_from: date
    effective_until: date | None
    regions: list[str]
    training: TrainingState
    opt_out: bool
    combines: list[str]


class RuleOut(BaseModel):
    """One rule: what it says, the public source it rests on, and how firmly."""

    code: str
    text: str
    source: str
    source_date: str
    basis: Basis


class ActionOut(BaseModel):
    code: str
    text: str
    url: str | None


class PolicyDetail(PolicySummary):
    rules: list[RuleOut]
    actions: list[ActionOut]
