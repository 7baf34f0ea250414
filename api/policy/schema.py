"""The data files' schema. A malformed file fails at load, naming the file and the field."""

import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from api.policy.errors import PolicyDataError
from api.policy.verdict import Action, Basis, Reason, SourceKind
from api.policy.version import (
    DEFAULT_REGION,
    ActionRule,
    Change,
    Erratum,
    MinorRule,
    PolicyVersion,
    Training,
)

LIBRARY_SUFFIX = ".rules.toml"  # <owner>.rules.toml; every other *.toml is a version
URL_PATTERN = r"^https?://[^\s/]+\S*$"
_PARTIAL_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
Code = Annotated[str, Field(pattern=r"^[a-z_]+(\.[a-z_]+)+$")]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
GroupName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
# A country, or "@<name>" for a group of them (regions.toml).
Member = Annotated[str, Field(pattern=r"^([A-Z]{2}|@[a-z][a-z0-9_]*)$")]
# A member, or "*" for the rest of the world.
Region = Annotated[str, Field(pattern=r"^([A-Z]{2}|@[a-z][a-z0-9_]*|\*)$")]
Model = TypeVar("Model", bound=BaseModel)


def partial_iso_date(value: object) -> object:
    """An ISO 8601 date at the precision a source is dated (2025-05-27, 2025-05, 2025)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    match = _PARTIAL_ISO_DATE.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("give an ISO 8601 date: 2025-05-27, 2025-05 or 2025")
    year, month, day = (int(part or 1) for part in match.groups())
    date(year, month, day)  # rejects month 13 and the like
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleIn(Strict):
    text: str = Field(min_length=1)
    source: str = Field(pattern=URL_PATTERN)
    # ISO 8601 at the precision the source is dated (2025-05-27, 2025-05, 2025); never invented.
    source_date: str
    basis: Basis
    # "global": a fact true wherever Meta trains (how training works), so a source about
    # another region may state it; "region" (the default): it must come from the version's region.
    scope: Literal["region", "global"] = "region"

    @field_validator("source_date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        return partial_iso_date(value)


class WhenIn(Strict):
    """When an action is offered: every condition given must hold (values checked at load)."""

    platforms: list[str] | None = None
    kinds: list[str] | None = None
    authors: list[str] | None = None
    audiences: list[str] | None = None
    opt_out: bool | None = None
    region: Literal["known", "unknown"] | None = None
    objected: bool | None = None
    open: bool | None = None


class ActionIn(Strict):
    text: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=URL_PATTERN)
    when: WhenIn = Field(default_factory=WhenIn)


class ErratumIn(Strict):
    """A correction of what a version said about its own period: kept, dated and sourced."""

    on: date  # when the correction was made
    changed: str = Field(min_length=1)  # what was wrong and what it says now
    source: str = Field(pattern=URL_PATTERN)  # the source the correction rests on


class ChangeIn(Strict):
    """What a version changed from the one before it (the first: what held at the start)."""

    text: str = Field(min_length=1)
    source: str = Field(pattern=URL_PATTERN)


class LibraryIn(Strict):
    """`<owner>.rules.toml`: the reason and action texts every version of one owner shares."""

    owner: str = Field(min_length=1)
    rules: dict[Code, RuleIn]
    actions: dict[Code, ActionIn]
    # Countries no source places under one of the owner's regional rules: the regions whose rules
    # may apply there ("@eea", "GB", "*"); the engine answers only where all of them agree.
    unsettled: dict[Country, list[Region]] = Field(default_factory=dict)


class RegionsIn(Strict):
    """`regions.toml`: the assigned country codes, their aliases and the named groups."""

    countries: list[Country] = Field(min_length=1)
    aliases: dict[Country, Country] = Field(default_factory=dict)
    groups: dict[GroupName, list[Member]] = Field(default_factory=dict)


class VersionIn(Strict):
    """`<id>.toml`: one policy version."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    owner: str = Field(min_length=1)
    title: str = Field(min_length=1)
    effective_from: date
    effective_until: date | None = None
    regions: list[Region] = Field(min_length=1)
    training: Training
    opt_out: bool
    minors: MinorRule
    minor_ai_chats: MinorRule | None = None  # defaults to `minors`
    objections_disputed_before: date | None = None
    # Meta announced training here but no source shows it ran (or when it began): an item in
    # scope in this period may or may not have been used, so past use is unknown, not True.
    use_unconfirmed: bool = False
    # Training on public posts predates the version's start (Meta AI's launch): items that existed
    # before it count as possibly used as of the start day itself.
    used_before_start: bool = False
    # Meta AI chats also drive ads and content here (advertising, not training; no opt-out).
    ai_chats_for_ads: bool = False
    # The record states the "always public" profile items only for Europe: elsewhere unclear.
    profile_info_unclear: bool = False
    errata: list[ErratumIn] = Field(default_factory=list)
    changes: list[ChangeIn] = Field(default_factory=list)
    rules: dict[Code, RuleIn] = Field(default_factory=dict)  # overrides the library's, by code

    @model_validator(mode="after")
    def _consistent(self) -> "VersionIn":
        if self.effective_until is not None and self.effective_until <= self.effective_from:
            raise ValueError("effective_until must come after effective_from")
        if DEFAULT_REGION in self.regions and len(self.regions) > 1:
            raise ValueError('regions: "*" (rest of the world) must stand alone')
        return self


def _field(loc: tuple[int | str, ...]) -> str:
    # TOML-style path: rules."training.running".source
    return ".".join(f'"{part}"' if "." in str(part) else str(part) for part in loc)


def read(path: Path, model: type[Model]) -> Model:
    """Parse and validate one file, or raise PolicyDataError naming it and every bad field."""
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise PolicyDataError(path.name, None, f"not valid TOML: {error}") from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [(_field(e["loc"]), e["msg"]) for e in error.errors()]
        detail = "; ".join(f"{where or '(file)'}: {msg}" for where, msg in problems)
        raise PolicyDataError(path.name, problems[0][0] or None, detail) from None


def _reasons(rules: Mapping[str, RuleIn], kinds: Mapping[str, SourceKind]) -> dict[str, Reason]:
    return {
        code: Reason(
            code=code,
            text=rule.text,
            source=rule.source,
            source_date=rule.source_date,
            basis=rule.basis,
            source_kind=kinds.get(rule.source, "secondary"),
        )
        for code, rule in rules.items()
    }


def build_version(
    path: Path,
    spec: VersionIn,
    library: LibraryIn,
    regions: tuple[str, ...],
    kinds: Mapping[str, SourceKind],
) -> PolicyVersion:
    """The version `spec` describes, with `regions`: its `regions` with every group expanded, and
    each reason's source kind from `kinds` (the sources catalogue, by URL)."""
    if spec.id != path.stem:
        raise PolicyDataError(path.name, "id", f"{spec.id!r} must match the file name")
    if spec.owner != library.owner:
        raise PolicyDataError(path.name, "owner", f"no rules library for owner {spec.owner!r}")
    return PolicyVersion(
        id=spec.id,
        owner=spec.owner,
        title=spec.title,
        effective_from=spec.effective_from,
        effective_until=spec.effective_until,
        regions=regions,
        training=spec.training,
        opt_out=spec.opt_out,
        minors=spec.minors,
        minor_ai_chats=spec.minor_ai_chats or spec.minors,
        objections_disputed_before=spec.objections_disputed_before,
        use_unconfirmed=spec.use_unconfirmed,
        used_before_start=spec.used_before_start,
        ai_chats_for_ads=spec.ai_chats_for_ads,
        profile_info_unclear=spec.profile_info_unclear,
        errata=tuple(Erratum(**e.model_dump()) for e in spec.errata),
        changes=tuple(Change(**c.model_dump()) for c in spec.changes),
        global_facts=frozenset(
            code for code, rule in (library.rules | spec.rules).items() if rule.scope == "global"
        ),
        rules=_reasons(library.rules, kinds) | _reasons(spec.rules, kinds),
        actions={
            code: Action(code=code, text=a.text, url=a.url) for code, a in library.actions.items()
        },
        action_rules=tuple(action_rule(code, a.when) for code, a in library.actions.items()),
    )


def action_rule(code: str, when: WhenIn) -> ActionRule:
    def values(given: list[str] | None) -> frozenset[str] | None:
        return None if given is None else frozenset(given)

    return ActionRule(
        code=code,
        platforms=values(when.platforms),
        kinds=values(when.kinds),
        authors=values(when.authors),
        audiences=values(when.audiences),
        opt_out=when.opt_out,
        region=when.region,
        objected=when.objected,
        open=when.open,
    )
