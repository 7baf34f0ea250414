"""How policy versions are shown at /v1/policies."""

from datetime import date

from pydantic import BaseModel, Field

from api.languages import Language
from api.policy.verdict import Basis, SourceKind
from api.policy.version import TrainingState

LANG_DESCRIPTION = (
    "The language of every title and text (also in `Content-Language`): the `lang` parameter's,"
    " else the best of `Accept-Language`, else English"
)


class PolicySummary(BaseModel):
    id: str
    owner: str
    title: str = Field(description="In the answer's language (`lang`)")
    effective_from: date
    effective_until: date | None
    regions: list[str]
    training: TrainingState
    opt_out: bool
    combines: list[str]
    revision: int = Field(description="1, plus one for each erratum published since")
    lang: Language = Field(default="en", description=LANG_DESCRIPTION)


class RuleOut(BaseModel):
    """One rule: what it says, the public source it rests on, and how firmly."""

    code: str
    text: str
    source: str
    source_date: str
    basis: Basis
    source_kind: SourceKind


class ErratumOut(BaseModel):
    """A correction of what the version said about its own period, with its source."""

    on: date
    changed: str
    source: str


class ActionOut(BaseModel):
    code: str
    text: str
    url: str | None


class PolicyDetail(PolicySummary):
    rules: list[RuleOut]
    actions: list[ActionOut]
    errata: list[ErratumOut]


class ChangeOut(BaseModel):
    """What a version changed from the one before it, with its source."""

    text: str
    source: str


class PolicyChange(PolicySummary):
    """A version taking effect, with what changed: one entry of the changes feed."""

    changes: list[ChangeOut]
