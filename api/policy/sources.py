"""The sources catalogue: every public source a rule cites, what kind it is and which region it
speaks about, read once from `sources.toml`.

A reason's source is only as good as its kind and its region: a Senate hearing in Australia says
nothing firm about Brazil, and a blog's reprint is weaker than the regulator's own page. The loader
refuses a rule whose source is not catalogued; tests/policy/test_policy_sources.py checks that each
stated reason cites a source about its region and no secondary source where a primary one states
the same rule.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator

from api.policy.errors import PolicyDataError
from api.policy.regions import RegionTable, load_regions
from api.policy.schema import URL_PATTERN, Code, Strict, partial_iso_date, read
from api.policy.verdict import PRIMARY_KINDS, SourceKind
from api.policy.version import DEFAULT_REGION

SOURCES_FILE = Path(__file__).with_name("sources.toml")
GLOBAL = "global"  # the source speaks about Meta's practice everywhere
# A country, "@<group>", "*" (the rest of the world) or "global".
SourceRegion = Annotated[str, Field(pattern=r"^([A-Z]{2}|@[a-z][a-z0-9_]*|\*|global)$")]


class SourceIn(Strict):
    url: str = Field(pattern=URL_PATTERN)
    publisher: str = Field(min_length=1)
    date: str  # ISO 8601 at the precision known, as a rule's source_date
    kind: SourceKind
    regions: list[SourceRegion] = Field(min_length=1)
    # For primary sources: the rule codes it states for its regions (the secondary-source check).
    states: list[Code] = Field(default_factory=list)

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        return partial_iso_date(value)


class SourcesIn(Strict):
    sources: list[SourceIn] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    publisher: str
    date: str
    kind: SourceKind
    regions: frozenset[str]  # countries, "*" or "global": groups expanded
    states: frozenset[str]

    @property
    def primary(self) -> bool:
        return self.kind in PRIMARY_KINDS

    def speaks_about(self, regions: tuple[str, ...], elsewhere: frozenset[str]) -> bool:
        """Whether it speaks about a version's `regions`. For the rest of the world ("*"), a
        source about any country without versions of its own (not in `elsewhere`) counts."""
        if GLOBAL in self.regions or self.regions & set(regions):
            return True
        return DEFAULT_REGION in regions and bool(self.regions - elsewhere - {GLOBAL})


def read_sources(path: Path, table: RegionTable | None = None) -> dict[str, Source]:
    """The catalogue by URL; PolicyDataError for a malformed entry, region or repeated URL."""
    spec = read(path, SourcesIn)
    table = table or load_regions()
    found: dict[str, Source] = {}
    for index, entry in enumerate(spec.sources):
        field = f"sources.{index}"
        if entry.url in found:
            raise PolicyDataError(path.name, f"{field}.url", f"{entry.url} is listed twice")
        # "global" and "*" are kept as they are; the countries and groups are expanded (and
        # checked: an unknown code or group, or a country named twice, is refused).
        kept = (GLOBAL, DEFAULT_REGION)
        regions = {r for r in entry.regions if r in kept}
        named = [r for r in entry.regions if r not in kept]
        regions.update(table.expand(path.name, f"{field}.regions", named))
        found[entry.url] = Source(
            url=entry.url,
            publisher=entry.publisher,
            date=entry.date,
            kind=entry.kind,
            regions=frozenset(regions),
            states=frozenset(entry.states),
        )
    return found


def kinds(sources: Mapping[str, Source]) -> dict[str, SourceKind]:
    return {url: source.kind for url, source in sources.items()}


@cache
def load_sources(path: Path = SOURCES_FILE) -> dict[str, Source]:
    """The shipped catalogue (or the one at `path`), read once."""
    return read_sources(path)
