"""The answer for one item: the verdict, why, what the person can do, and what would flip it."""

from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

VerdictValue = Literal["included", "excluded", "uncertain"]
# How the cited source supports a reason: the fact sheet's [S], [I] and [?] tags.
Basis = Literal["stated", "inferred", "unclear"]
SourceKind = Literal["regulator", "court", "meta", "legislation", "press", "secondary"]
SOURCE_KINDS: tuple[SourceKind, ...] = get_args(SourceKind)
# The kinds that are the record itself rather than a report of it.
PRIMARY_KINDS: frozenset[SourceKind] = frozenset({"regulator", "court", "meta", "legislation"})
FlipFact = Literal["audience", "author_age", "objection"]


@dataclass(frozen=True, slots=True)
class Reason:
    """One step of the verdict, with the public source it rests on."""

    code: str  # stable, e.g. "audience.non_public"
    text: str
    source: str  # http(s) URL from the fact sheet's source list
    source_date: (
        str  # ISO 8601 date of the source, at the precision it is known: 2025-05-27 or 2025-05
    )
    basis: Basis
    # What kind of source it is (api/policy/sources.toml): regulator, court, meta, legislation,
    # press or secondary (a reprint, blog, aggregator or guide).
    source_kind: SourceKind = "secondary"


@dataclass(frozen=True, slots=True)
class Action:
    """Something the person can do about the item."""

    code: str  # stable, e.g. "object.facebook"
    text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Flip:
    """Changing one fact to `to` would change the verdict to `verdict`."""

    fact: FlipFact
    to: str  # the new value; for "objection", the scope of an objection filed on the as-of date
    verdict: VerdictValue


@dataclass(frozen=True, slots=True)
class Condition:
    """The verdict holds unless `fact` is `unless`, a fact the page cannot show; then `verdict`."""

    fact: Literal["author_age"]
    unless: Literal["minor"]
    verdict: VerdictValue


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer for one item as of a date."""

    verdict: VerdictValue  # for training from the as-of date on
    may_already_be_used: bool | None  # for training before the as-of date; None = unclear
    reasons: tuple[Reason, ...]  # the decisive ones first
    actions: tuple[Action, ...]
    flip: tuple[Flip, ...]
    policy_id: str  # the policy version judged against
    # Set where only the author's unknown age would change a firm verdict: the verdict is the one
    # for an adult author, and this says what it is for an under-18 one.
    condition: Condition | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (tuples become lists)."""
        data = asdict(self)
        for key in ("reasons", "actions", "flip"):
            data[key] = list(data[key])
        return data
