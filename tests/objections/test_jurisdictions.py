"""The jurisdictions table agrees with the policy catalogue, and stands in for it when absent."""

from datetime import date
from typing import cast

import pytest

from api.policy.jurisdictions import (
    Jurisdiction,
    facts,
    jurisdiction_of,
    policy_version_id,
    training_start,
)

TODAY = date(2026, 11, 26)


def named(region: str) -> Jurisdiction:
    """A named region always has a jurisdiction: the table's "*" row takes the unlisted ones."""
    return cast(Jurisdiction, jurisdiction_of(region))


@pytest.mark.parametrize("key", ["eu", "gb", "ch", "br", "world"])
def test_the_table_gives_the_same_training_start_as_the_catalogue(key: str) -> None:
    table = facts().jurisdictions[key]
    region = {"eu": "DE", "gb": "GB", "ch": "CH", "br": "BR", "world": "US"}[key]

    from_catalogue, version = training_start(region, TODAY)

    assert version is not None, "api.policy.catalog is installed in this tree"
    assert from_catalogue is not None
    assert from_catalogue.on == table.training.on
    assert from_catalogue.at_the_latest == table.training.at_the_latest


def test_every_region_maps_to_one_jurisdiction() -> None:
    assert jurisdiction_of(None) is None
    assert named("NO").law == "eu_gdpr"
    assert named("GB").law == "uk_gdpr"
    assert named("JP").law is None
    assert policy_version_id(None, TODAY) is None
