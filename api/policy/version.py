"""One version of a platform's AI-training policy, as loaded from its data file."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from api.policy.verdict import Action, Reason

Training = Literal["not_started", "paused", "running"]
# "varies" only for the synthetic version used when the person's region is unknown.
TrainingState = Training | Literal["varies"]
# How minors' content is treated where the record is clear or not.
MinorRule = Literal["excluded", "uncertain"]
DEFAULT_REGION = "*"  # the rest of the world


@dataclass(frozen=True, slots=True)
class Erratum:
    """A correction of a version's own period after it was published (docs/policy-engine.md)."""

    on: date
    changed: str
    source: str


@dataclass(frozen=True, slots=True)
class Change:
    """What a version changed from the one before it in its regions, with its source."""

    text: str
    source: str


@dataclass(frozen=True, slots=True)
class ActionRule:
    """When an action is offered (`when` in the rules library): every condition given holds. A
    set holds when the item's fact is in it; None is no condition."""

    code: str
    platforms: frozenset[str] | None = None
    kinds: frozenset[str] | None = None
    authors: frozenset[str] | None = None
    audiences: frozenset[str] | None = None
    opt_out: bool | None = None  # True: only where Meta offers an objection (in some region)
    region: Literal["known", "unknown"] | None = None  # whether the person's region is known
    objected: bool | None = None  # False: only while no objection of theirs covers the item
    open: bool | None = None  # True: only for items their own facts do not exclude


# eq=False: versions are loaded once and compared by identity, which makes them cheap cache keys.
@dataclass(frozen=True, slots=True, eq=False)
class PolicyVersion:
    """The rules of one owner in some regions over one period."""

    id: str
    owner: str
    title: str
    effective_from: date
    effective_until: date | None  # exclusive; None = still in force
    regions: tuple[str, ...]  # ISO 3166-1 alpha-2 codes, or ("*",) for the rest of the world
    training: TrainingState
    opt_out: bool  # whether people in these regions can object
    minors: MinorRule
    minor_ai_chats: MinorRule
    # Objections filed before this date are contested (e.g. 2024 objections in the EU).
    objections_disputed_before: date | None
    rules: dict[str, Reason] = field(repr=False)  # by code, the owner's library merged in
    actions: dict[str, Action] = field(repr=False)
    # For the synthetic "region unknown" version: the versions it combines.
    combines: tuple["PolicyVersion", ...] = field(default=(), repr=False)
    use_unconfirmed: bool = False  # training announced, not shown to have run: past use unknown
    used_before_start: bool = False  # training predates the start: older items possibly used
    ai_chats_for_ads: bool = False  # Meta AI chats also personalise ads here (not training)
    profile_info_unclear: bool = False  # "always public" profile items stated only for Europe
    region_unknown: bool = False  # the synthetic version for a person who gave no region
    action_rules: tuple[ActionRule, ...] = field(default=(), repr=False)  # in the order shown
    errata: tuple[Erratum, ...] = field(default=(), repr=False)
    global_facts: frozenset[str] = field(default=frozenset(), repr=False)  # rule codes
    changes: tuple[Change, ...] = field(default=(), repr=False)  # from the version before

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day < self.effective_until
        )

    @property
    def components(self) -> tuple["PolicyVersion", ...]:
        """The versions actually judged against: itself, or those it combines."""
        return self.combines or (self,)

    def summary(self) -> dict[str, Any]:
        """Plain JSON-ready data about the version, without its rule texts."""
        until = self.effective_until
        return {
            "id": self.id,
            "owner": self.owner,
            "title": self.title,
            "effective_from": self.effective_from.isoformat(),
            "effective_until": None if until is None else until.isoformat(),
            "regions": list(self.regions),
            "training": self.training,
            "opt_out": self.opt_out,
            "combines": [v.id for v in self.combines],
            "revision": 1 + len(self.errata),
        }
