"""Sources people can trust: every reason the engine gives cites a catalogued source
(api/policy/sources.toml) about the region it speaks of, unless the fact is Meta's everywhere, and
never a secondary source where the catalogue holds a primary one stating the same rule there."""

from datetime import date
from itertools import product

import pytest

from api.platforms import EXPLAINABLE_PLATFORMS
from api.policy import ItemFacts, Objection, PersonContext, evaluate, load_catalog
from api.policy.facts import AUTHOR_AGES, AUTHORS, KINDS, Audience
from api.policy.sources import load_sources
from api.policy.verdict import SOURCE_KINDS

REGIONS = ["DE", "FR", "RE", "AX", "NO", "GB", "CH", "BR", "US", "AU", "KR", "IN"]
AUDIENCES: tuple[Audience, ...] = ("public", "friends", "group_public", "group_private", "unknown")


def _reasons_by_version(region: str):  # type: ignore[no-untyped-def]
    """Every reason a region's versions give over a grid of items, objections and ages."""
    catalog = load_catalog()
    for version in catalog.timelines(region)[0]:
        day = version.effective_from
        objections = (None, Objection(date(2024, 5, 30)), Objection(day))
        for platform, kind, audience, age, author, objection in product(
            EXPLAINABLE_PLATFORMS, KINDS, AUDIENCES, AUTHOR_AGES, AUTHORS, objections,
        ):  # fmt: skip
            if platform != "facebook" and audience.startswith("group"):
                continue
            facts = ItemFacts(platform, kind, audience, date(2019, 6, 1), author, age)
            result = evaluate(facts, PersonContext(region, objection), day)
            for reason in result.reasons:
                yield version, reason


def _elsewhere() -> frozenset[str]:
    """Countries with versions of their own: a source about them is not about the rest."""
    return frozenset(r for v in load_catalog().versions for r in v.regions if r != "*")


def test_every_source_is_catalogued_with_a_kind_and_a_region() -> None:
    sources = load_sources()
    for version in load_catalog().versions:
        for reason in version.rules.values():
            source = sources[reason.source]
            assert source.kind in SOURCE_KINDS and reason.source_kind == source.kind
            assert source.regions, reason.source
    kinds = [source.kind for source in sources.values()]
    assert kinds.count("secondary") < len(kinds) // 2


@pytest.mark.parametrize("region", REGIONS)
def test_a_stated_reason_cites_a_source_about_its_region_unless_the_fact_is_global(
    region: str,
) -> None:
    sources, elsewhere = load_sources(), _elsewhere()
    wrong = set()
    for version, reason in _reasons_by_version(region):
        if reason.basis != "stated" or reason.code in version.global_facts:
            continue  # an inference or a gap may point to what another region's source says
        if not sources[reason.source].speaks_about(version.regions, elsewhere):
            wrong.add(f"{version.id}: {reason.code} cites {reason.source}")
    assert sorted(wrong) == []


@pytest.mark.parametrize("region", REGIONS)
def test_no_reason_cites_a_secondary_source_where_a_primary_one_states_it(region: str) -> None:
    sources, elsewhere = load_sources(), _elsewhere()
    wrong = set()
    for version, reason in _reasons_by_version(region):
        if sources[reason.source].primary:
            continue
        better = [
            s.url
            for s in sources.values()
            if s.primary and reason.code in s.states and s.speaks_about(version.regions, elsewhere)
        ]
        if better:
            wrong.add(f"{version.id}: {reason.code} cites {reason.source}, not {better[0]}")
    assert sorted(wrong) == []


def test_the_replaced_reprints_and_aggregators_are_gone() -> None:
    cited = {r.source for v in load_catalog().versions for r in v.rules.values()}
    for gone in ("digitalpolicyalert.org", "pipedot.org"):
        assert not [url for url in cited if gone in url]
    # The Australian Senate blog states facts for Australia only.
    winbuzzer = {
        v.id
        for v in load_catalog().versions
        for r in v.rules.values()
        if "winbuzzer" in r.source and r.basis == "stated"
    }
    assert winbuzzer <= {"meta-au-2023-09-27", "meta-au-2025-12-16"}
