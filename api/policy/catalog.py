"""All policy versions, loaded once from `data/` and checked as a whole; which is in force where."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Set
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path

from api.platforms import EXPLAINABLE_PLATFORMS
from api.policy.actions import ACTION_CODES
from api.policy.errors import PolicyDataError, PolicyNotInForce
from api.policy.facts import AUDIENCES, AUTHORS, KINDS
from api.policy.regions import RegionTable, load_regions
from api.policy.rules import RULE_CODES, TRAINING_CODES
from api.policy.schema import LIBRARY_SUFFIX, LibraryIn, VersionIn, WhenIn, build_version, read
from api.policy.sources import Source, kinds, load_sources
from api.policy.version import DEFAULT_REGION, PolicyVersion

DATA_DIR = Path(__file__).parent / "data"
# Facebook's launch: before it there is nothing of anyone's on Meta's platforms to judge.
EARLIEST = date(2004, 2, 4)
Timeline = tuple[PolicyVersion, ...]
# The titles of the synthetic versions, translated as the data files' are (translations.py). No
# country code in them: the answer names the region, and a code is not what a person reads.
REGION_UNKNOWN_TITLE = "Region unknown: the versions of every region, combined"
UNSETTLED_TITLE = (
    "A country no source places: the versions of each region whose rules may apply, combined"
)


class PolicyCatalog:
    """Versions by id and, per region, as an unbroken timeline from the catalogue's start."""

    def __init__(
        self,
        versions: Iterable[PolicyVersion],
        unsettled: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """`unsettled`: countries no source places, each with the regions whose rules may apply
        (a country, the first country of a group, or "*")."""
        self.versions: tuple[PolicyVersion, ...] = tuple(
            sorted(versions, key=lambda v: (v.effective_from, v.id))
        )
        self._by_id = {version.id: version for version in self.versions}
        per_region: defaultdict[str, list[PolicyVersion]] = defaultdict(list)
        for version in self.versions:
            for region in version.regions:
                per_region[region].append(version)
        if DEFAULT_REGION not in per_region:
            raise PolicyDataError("data", "regions", 'no version covers "*" (rest of the world)')
        self.starts: date = self.versions[0].effective_from
        self._timelines: dict[str, Timeline] = {}
        for region, timeline in per_region.items():
            self._timelines[region] = _checked(region, tuple(timeline), self.starts)
        # One timeline per distinct set of rules, rest of the world first: the region-unknown case.
        distinct = {tuple(v.id for v in t): t for t in self._timelines.values()}
        world = self._timelines[DEFAULT_REGION]
        others = tuple(t for t in distinct.values() if t != world)
        self.distinct_timelines: tuple[Timeline, ...] = (world, *others)
        self._combined: dict[tuple[str | None, tuple[str, ...]], PolicyVersion] = {}
        self.unsettled: dict[str, tuple[Timeline, ...]] = {}
        for country, candidates in (unsettled or {}).items():
            if country in self._timelines:
                problem = f"{country} has versions of its own, so it is not unsettled"
                raise PolicyDataError("data", f"unsettled.{country}", problem)
            found = {tuple(v.id for v in t): t for t in map(self._timeline_of, candidates)}
            self.unsettled[country] = tuple(found.values())

    def get(self, version_id: str) -> PolicyVersion:
        try:
            return self._by_id[version_id]
        except KeyError:
            raise KeyError(f"no policy version {version_id!r}") from None

    def _timeline_of(self, region: str) -> Timeline:
        return self._timelines.get(region) or self._timelines[DEFAULT_REGION]

    def timelines(self, region: str | None) -> tuple[Timeline, ...]:
        """The region's timeline; every distinct one when the region is unknown; for a country
        no source places, those of the regions whose rules may apply there."""
        if region is None:
            return self.distinct_timelines
        return self.unsettled.get(region) or (self._timeline_of(region),)

    def in_force(
        self, region: str | None, as_of: date, *, before_start: bool = False
    ) -> PolicyVersion:
        """The version in force; for an unknown region, one combining every region's version.

        `before_start`: before the catalogue's start (Meta AI's launch), answer with a region's
        first version where the record speaks of the time before it (`speaks_before_start`),
        back to Facebook's launch; otherwise PolicyNotInForce."""
        picked = tuple(
            _pick(t, region, as_of, self.starts, before_start) for t in self.timelines(region)
        )
        if len(picked) == 1:
            return picked[0]
        ids = (None if region is None else region, tuple(version.id for version in picked))
        if ids not in self._combined:
            self._combined[ids] = _combined(picked, region)
        return self._combined[ids]


def _pick(
    timeline: Timeline, region: str | None, as_of: date, starts: date, before_start: bool
) -> PolicyVersion:
    for version in reversed(timeline):
        if version.effective_from <= as_of:
            return version  # timelines are unbroken and open-ended, so it is in force
    if before_start and as_of >= EARLIEST and speaks_before_start(timeline[0]):
        return timeline[0]
    raise PolicyNotInForce(region, as_of, starts)


def speaks_before_start(version: PolicyVersion) -> bool:
    """Whether a region's first version also describes the time before it: nothing had started
    there (the notices came later), or training ran before Meta AI's launch (Clegg, Sep 2023)."""
    return version.training == "not_started" or version.used_before_start


def _checked(region: str, timeline: Timeline, starts: date) -> Timeline:
    first, last = timeline[0], timeline[-1]
    if first.effective_from != starts:
        problem = f"region {region} starts on {first.effective_from}, not at {starts}"
        raise PolicyDataError(f"{first.id}.toml", "effective_from", problem)
    for before, after in pairwise(timeline):
        if before.effective_until != after.effective_from:
            problem = f"region {region}: {after.id}.toml must start when this version ends"
            raise PolicyDataError(f"{before.id}.toml", "effective_until", problem)
    if last.effective_until is not None:
        problem = f"region {region} has no version after {last.effective_until}"
        raise PolicyDataError(f"{last.id}.toml", "effective_until", problem)
    return timeline


def _combined(parts: tuple[PolicyVersion, ...], unsettled: str | None) -> PolicyVersion:
    """A synthetic version standing for several regions' versions in force over a shared period:
    every region's when the region is unknown, or those that may apply in an unsettled country,
    whose "region.unknown" reason then says that no source settles which apply."""
    starts = max(v.effective_from for v in parts)
    ends = [v.effective_until for v in parts if v.effective_until is not None]
    world = parts[0]
    rules = world.rules
    name, title = "region-unknown", REGION_UNKNOWN_TITLE
    if unsettled is not None:
        rules = rules | {"region.unknown": rules["region.unsettled"]}
        name, title = f"unsettled-{unsettled.lower()}", UNSETTLED_TITLE
    return PolicyVersion(
        id=f"{world.owner}-{name}-{starts.isoformat()}",
        owner=world.owner,
        title=title,
        effective_from=starts,
        effective_until=min(ends) if ends else None,
        regions=(),
        training=world.training if len({v.training for v in parts}) == 1 else "varies",
        opt_out=any(v.opt_out for v in parts),
        minors="excluded" if all(v.minors == "excluded" for v in parts) else "uncertain",
        minor_ai_chats="uncertain",
        objections_disputed_before=None,
        rules=rules,
        actions=world.actions,
        combines=parts,
        region_unknown=unsettled is None,
        action_rules=world.action_rules,
    )


def read_catalog(
    data_dir: Path, regions: RegionTable | None = None, sources: Mapping[str, Source] | None = None
) -> PolicyCatalog:
    """Read and check every file in `data_dir`: `<owner>.rules.toml` and `<version id>.toml`.

    Region groups ("@eea") are expanded with `regions`, by default the shipped `regions.toml`;
    every rule's source must be in `sources`, by default the shipped `sources.toml`.
    """
    table = regions or load_regions()
    catalogued = load_sources() if sources is None else sources
    source_kinds = kinds(catalogued)
    libraries: dict[str, LibraryIn] = {}
    for path in sorted(data_dir.glob(f"*{LIBRARY_SUFFIX}")):
        library = read(path, LibraryIn)
        _check_codes(path.name, "rules", library.rules.keys(), set(), RULE_CODES | TRAINING_CODES)
        _check_codes(path.name, "actions", library.actions.keys(), ACTION_CODES, ACTION_CODES)
        for code, action in library.actions.items():
            _check_when(path.name, f'actions."{code}".when', action.when)
        libraries[library.owner] = library
    versions = []
    for path in sorted(data_dir.glob("*.toml")):
        if path.name.endswith(LIBRARY_SUFFIX):
            continue
        spec = read(path, VersionIn)
        if spec.owner not in libraries:
            raise PolicyDataError(path.name, "owner", f"no {spec.owner}{LIBRARY_SUFFIX} beside it")
        codes = table.expand(path.name, "regions", spec.regions)
        version = build_version(path, spec, libraries[spec.owner], codes, source_kinds)
        _check_sources(path.name, version, catalogued)
        own = RULE_CODES | {f"training.{spec.training}"}
        _check_codes(path.name, "rules", version.rules.keys(), own, own | TRAINING_CODES)
        _check_codes(path.name, "rules", spec.rules.keys(), set(), own)
        versions.append(version)
    if not versions:
        raise PolicyDataError(data_dir.name, None, "no policy version files")
    if len({version.owner for version in versions}) > 1:
        raise PolicyDataError(data_dir.name, "owner", "one catalogue holds one owner's versions")
    unsettled = {}
    for library in libraries.values():
        for country, candidates in library.unsettled.items():
            where = f"{library.owner}{LIBRARY_SUFFIX}"
            if country not in table.countries:
                raise PolicyDataError(where, f"unsettled.{country}", "not an assigned code")
            # Each candidate read as other region lists are (an unassigned code such as "UK" is
            # refused, not taken for the rest of the world); a group stands as its first country.
            unsettled[country] = tuple(
                table.expand(where, f"unsettled.{country}", [c])[0] for c in candidates
            )
    return PolicyCatalog(versions, unsettled)


def _check_sources(file: str, version: PolicyVersion, sources: Mapping[str, Source]) -> None:
    """Every source cited is catalogued; the error names the field citing one that is not."""
    cited = {
        "rules": [r.source for r in version.rules.values()],
        "errata": [e.source for e in version.errata],
        "changes": [c.source for c in version.changes],
    }
    for field, urls in cited.items():
        if missing := sorted({url for url in urls if url not in sources}):
            problem = f"source(s) not in sources.toml: {', '.join(missing)}"
            raise PolicyDataError(file, field, problem)


# The values each list of an action's `when` may hold.
_WHEN_VALUES: dict[str, tuple[str, ...]] = {
    "platforms": EXPLAINABLE_PLATFORMS,
    "kinds": KINDS,
    "authors": AUTHORS,
    "audiences": AUDIENCES,
}


def _check_when(file: str, field: str, when: WhenIn) -> None:
    for name, allowed in _WHEN_VALUES.items():
        given = getattr(when, name)
        if given is not None and (unknown := sorted(set(given) - set(allowed))):
            problem = f"unknown value(s) {', '.join(unknown)} (known: {', '.join(allowed)})"
            raise PolicyDataError(file, f"{field}.{name}", problem)


def _check_codes(
    file: str, table: str, codes: Iterable[str], needed: Set[str], known: Set[str]
) -> None:
    present = set(codes)
    if missing := sorted(needed - present):
        raise PolicyDataError(file, table, f"missing {', '.join(missing)}")
    if unknown := sorted(present - known):
        raise PolicyDataError(file, table, f"unknown or unused code(s) {', '.join(unknown)}")


@cache
def load_catalog(data_dir: Path = DATA_DIR) -> PolicyCatalog:
    """The catalogue, read once per directory (the shipped `data/` by default)."""
    return read_catalog(data_dir)
