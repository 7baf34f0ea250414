"""Where a person can object, under which law, and since when Meta has trained on public content
there. Plain Python: the facts come from `jurisdictions.toml` and from the policy catalogue,
which knows each region's policy versions. Region groups ("@eea") come from `regions.toml`."""

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Literal

from api.policy.catalog import load_catalog
from api.policy.errors import PolicyDataError
from api.policy.regions import load_regions
from api.policy.version import PolicyVersion

DATA_FILE = Path(__file__).with_name("jurisdictions.toml")
WORLD = "world"
Law = Literal["eu_gdpr", "uk_gdpr", "ch_fadp", "br_lgpd"]
Basis = Literal["stated", "inferred", "unclear"]


@dataclass(frozen=True, slots=True)
class TrainingStart:
    """When Meta began training on public content in a region, and the public source saying so."""

    on: date
    source: str
    basis: Basis
    at_the_latest: bool  # the record only says "by then" (content back to 2007 is in scope)


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    key: str  # "eu", "gb", "ch", "br" or "world"
    law: Law | None  # None: no right to object to Meta's AI training there
    training: TrainingStart  # from the table; see `training_start` for the catalogue's view
    objections_disputed_before: date | None


@dataclass(frozen=True, slots=True)
class Facts:
    forms: dict[str, str]
    sources: dict[str, str]
    jurisdictions: dict[str, Jurisdiction]
    by_region: dict[str, Jurisdiction]


@cache
def facts() -> Facts:
    raw = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    regions = load_regions()
    jurisdictions: dict[str, Jurisdiction] = {}
    by_region: dict[str, Jurisdiction] = {}
    for key, spec in raw["jurisdictions"].items():
        item = Jurisdiction(
            key=key,
            law=spec.get("law"),
            training=TrainingStart(
                on=spec["training_started"],
                source=spec["source"],
                basis=spec["basis"],
                at_the_latest=spec.get("at_the_latest", False),
            ),
            objections_disputed_before=spec.get("objections_disputed_before"),
        )
        jurisdictions[key] = item
        field = f"jurisdictions.{key}.regions"
        for region in regions.expand(DATA_FILE.name, field, spec["regions"]):
            if region in by_region:
                problem = f"{region} is already in jurisdictions.{by_region[region].key}"
                raise PolicyDataError(DATA_FILE.name, field, problem)
            by_region[region] = item
    return Facts(raw["forms"], raw["sources"], jurisdictions, by_region)


def jurisdiction_of(region: str | None) -> Jurisdiction | None:
    """The region's jurisdiction; None when the person has not said where they live."""
    if region is None:
        return None
    known = facts().by_region
    return known.get(region) or known["*"]


def form_url(platform: str) -> str:
    return facts().forms[platform]


def policy_version_id(region: str | None, day: date) -> str | None:
    """The id of the policy version in force in the region on `day`; None if unknown or absent."""
    if region is None:
        return None
    try:
        return str(load_catalog().in_force(region, day).id)
    except LookupError:  # before the catalogue's first version
        return None


def training_start(region: str, today: date) -> tuple[TrainingStart | None, str | None]:
    """Since when training has run without a break in the region, and the version in force.

    From the catalogue: walk back from today's version while training runs; the
    earliest running version's `training.running` rule gives the source. Otherwise the table.
    None as the start: the catalogue says training is not running there today.
    """
    catalog = load_catalog()
    table = (jurisdiction_of(region) or facts().jurisdictions[WORLD]).training
    try:
        current = catalog.in_force(region, today)
    except LookupError:
        return table, None
    version: PolicyVersion | None = current
    earliest: PolicyVersion | None = None
    while version is not None and version.training == "running":
        earliest = version
        try:
            version = catalog.in_force(region, version.effective_from - timedelta(days=1))
        except LookupError:
            version = None  # the catalogue starts here: training ran "by then" at the latest
    if earliest is None:
        return None, str(current.id)
    if "training.running" not in earliest.rules:
        return table, str(current.id)
    rule = earliest.rules["training.running"]
    start = TrainingStart(
        on=earliest.effective_from,
        source=rule.source,
        # Announced without a published start date (the UK): the date is not a fact.
        basis="unclear" if earliest.use_unconfirmed else rule.basis,
        at_the_latest=version is None,
    )
    return start, str(current.id)
