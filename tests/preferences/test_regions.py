"""A person's region: one ISO 3166-1 code however it was written, and the groups it is in."""

import pytest

from api.preferences.regions import in_group, normalise_region


@pytest.mark.parametrize(
    ("written", "stored"),
    [("de", "DE"), (" fr ", "FR"), ("GB", "GB"), ("uk", "GB"), ("EL", "GR"), ("no", "NO")],
)
def test_a_region_is_stored_as_its_iso_code(written: str, stored: str) -> None:
    assert normalise_region(written) == stored


@pytest.mark.parametrize("written", ["", "EU", "XK", "ZZ", "DEU", "*", "@eea"])
def test_what_is_not_an_assigned_country_code_is_refused(written: str) -> None:
    with pytest.raises(ValueError, match="ISO 3166-1"):
        normalise_region(written)


def test_the_groups_are_the_policy_datas() -> None:
    assert in_group("NO", "eea")
    assert in_group("DE", "eu")
    assert not in_group("NO", "eu")
    assert not in_group("CH", "eea")
    assert not in_group("GB", "eea")
