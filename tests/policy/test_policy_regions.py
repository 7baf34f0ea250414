"""Region groups: defined once in `regions.toml`, named as "@<group>" by the policy data and the
jurisdictions table, expanded at load; an unknown or malformed group fails naming file and field."""

# ruff: noqa: E501  (the case tables read best one case per line)

import re
import shutil
from pathlib import Path

import pytest

from api.policy import PolicyDataError, load_catalog
from api.policy import jurisdictions as jurisdictions_module
from api.policy.jurisdictions import facts
from api.policy.regions import REGIONS_FILE, load_regions, read_regions

# The 27 member states of the European Union since the United Kingdom left on 1 February 2020.
# Primary source: Treaty on European Union, Article 52(1), which names the member states, as
# amended by the accession treaties and the UK's Withdrawal Agreement (OJ L 29, 31.1.2020);
# listed at https://european-union.europa.eu/principles-countries-history/eu-countries_en
EU = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}  # fmt: skip
# The European Economic Area. Primary source: the Agreement on the European Economic Area
# (OJ L 1, 3.1.1994, p. 3; https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:21994A0103(01)),
# whose contracting parties are the EU, its member states, and the EFTA states Iceland,
# Liechtenstein (since 1 May 1995) and Norway (https://www.efta.int/eea). Not Switzerland.
EEA = EU | {"IS", "LI", "NO"}
# Parts of member states ISO 3166-1 codes apart, where EU law applies. Primary source: TFEU
# Articles 349 and 355(1) (outermost regions: French Guiana, Guadeloupe, Martinique, Mayotte,
# Réunion, Saint-Martin) and 355(4) (the Åland Islands);
# https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:12012E/TXT
EU_TERRITORIES = {"GF", "GP", "MQ", "YT", "RE", "MF", "AX"}


def test_the_groups_hold_exactly_the_eu_and_the_eea() -> None:
    groups = load_regions().groups
    assert set(groups) == {"eu", "eea", "eu_territories"}
    assert set(groups["eu_territories"]) == EU_TERRITORIES
    assert not EU_TERRITORIES & set(groups["eea"])
    assert "BL" not in groups["eu_territories"]  # Saint-Barthélemy left the EU in 2012
    assert set(groups["eu"]) == EU
    assert len(groups["eu"]) == 27
    assert set(groups["eea"]) == EEA
    assert len(groups["eea"]) == 30
    assert "CH" not in groups["eea"]
    assert "GB" not in groups["eu"]


def test_every_code_is_an_assigned_iso_3166_alpha2_code() -> None:
    table = load_regions()
    assert len(table.countries) == 249  # ISO 3166-1: officially assigned codes
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in table.countries)
    assert {"GB", "GR", "US", "BR", "CH", "AU"} <= table.countries
    assert not {"UK", "EL", "EU", "XK"} & table.countries  # reserved or user-assigned, not assigned
    assert dict(table.aliases) == {"UK": "GB", "EL": "GR"}
    for version in load_catalog().versions:
        assert set(version.regions) <= table.countries | {"*"}, version.id


def test_the_policy_data_and_the_jurisdictions_name_the_eea_group_and_the_eu_territories() -> None:
    groups = load_regions().groups
    eu_wide = (*groups["eea"], *groups["eu_territories"])
    eu_versions = [v for v in load_catalog().versions if v.id.startswith("meta-eu-")]
    assert len(eu_versions) == 4
    assert all(version.regions == eu_wide for version in eu_versions)
    assert {code for code, j in facts().by_region.items() if j.key == "eu"} == set(eu_wide)


def test_no_other_file_copies_a_group() -> None:
    """The groups' members are listed in regions.toml only (and pinned in this test)."""
    policy_dir = REGIONS_FILE.parent
    api_dir = policy_dir.parent
    copied = re.compile(r'"AT",\s*"BE",\s*"BG"')
    files = [*api_dir.rglob("*.py"), *api_dir.rglob("*.toml")]
    assert [f.name for f in files if copied.search(f.read_text())] == ["regions.toml"]


@pytest.fixture
def regions_file(tmp_path: Path) -> Path:
    """A copy of the shipped regions.toml, to break one thing at a time."""
    return Path(shutil.copy(REGIONS_FILE, tmp_path / "regions.toml"))


BREAKAGES = [
    ("group-unknown", 'eea = ["@eu",', 'eea = ["@eux",', 'groups.eea: unknown region group "@eux" (known: @eea, @eu, @eu_territories)'),
    ("group-circle", 'eu = [\n', 'eu = [\n    "@eea",\n', "groups.eu: names itself: @eu -> @eea -> @eu"),
    ("group-member-not-assigned", '"LI", "NO"]', '"LI", "NO", "XK"]', 'groups.eea: "XK" is not an assigned ISO 3166-1 alpha-2 code'),
    ("group-member-twice", '"LI", "NO"]', '"LI", "NO", "DE"]', "groups.eea: names DE twice"),
    ("group-member-lowercase", '"LI", "NO"]', '"LI", "no"]', "groups.eea.3"),
    ("group-name-uppercase", "eea = [", "EEA = [", "groups.EEA"),
    ("group-holds-the-world", '"LI", "NO"]', '"LI", "NO", "*"]', "groups.eea.4"),
    ("alias-of-an-assigned-code", 'UK = "GB"', 'GR = "GB"', "aliases.GR"),
    ("alias-to-nowhere", 'UK = "GB"', 'UK = "XK"', "aliases.UK"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "named"), [c[1:] for c in BREAKAGES], ids=[c[0] for c in BREAKAGES])  # fmt: skip
def test_a_malformed_regions_file_names_the_field(
    regions_file: Path, old: str, new: str, named: str
) -> None:
    text = regions_file.read_text()
    assert old in text
    regions_file.write_text(text.replace(old, new, 1))
    with pytest.raises(PolicyDataError) as raised:
        read_regions(regions_file)
    assert raised.value.file == "regions.toml"
    assert named in str(raised.value)


JURISDICTION_BREAKAGES = [
    ("group-unknown", '["@eea", ', '["@eee", ', 'jurisdictions.eu.regions: unknown region group "@eee" (known: @eea, @eu, @eu_territories)'),
    ("country-in-two", 'regions = ["CH"]', 'regions = ["CH", "NO"]', "jurisdictions.ch.regions: NO is already in jurisdictions.eu"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "named"), [c[1:] for c in JURISDICTION_BREAKAGES], ids=[c[0] for c in JURISDICTION_BREAKAGES])  # fmt: skip
def test_a_malformed_jurisdictions_table_names_the_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, named: str
) -> None:
    table = tmp_path / "jurisdictions.toml"
    text = jurisdictions_module.DATA_FILE.read_text()
    assert old in text
    table.write_text(text.replace(old, new, 1))
    monkeypatch.setattr(jurisdictions_module, "DATA_FILE", table)
    with pytest.raises(PolicyDataError) as raised:
        facts.__wrapped__()  # the table as read from the file, not the cached one
    assert str(raised.value) == f"jurisdictions.toml: {named}"
