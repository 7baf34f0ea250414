"""The policy data: every shipped file loads and cites a dated source; malformed files fail clearly."""

# ruff: noqa: E501  (the case tables read best one case per line)

import json
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from api.policy import (
    ItemFacts,
    Objection,
    PersonContext,
    PolicyDataError,
    evaluate,
    load_catalog,
    read_catalog,
)
from api.policy.catalog import DATA_DIR
from api.policy.regions import load_regions

ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
URL = re.compile(r"^https?://[^\s/]+\S*$")


def test_every_data_file_loads() -> None:
    catalog = read_catalog(DATA_DIR)
    files = {p.stem for p in DATA_DIR.glob("*.toml") if not p.name.endswith(".rules.toml")}
    assert {version.id for version in catalog.versions} == files
    assert load_catalog() is load_catalog()  # read once


def test_every_rule_cites_a_dated_http_source() -> None:
    for version in load_catalog().versions:
        for code, reason in version.rules.items():
            assert reason.code == code
            assert URL.match(reason.source), (version.id, code)
            assert ISO_DATE.match(reason.source_date), (version.id, code)
            assert reason.basis in {"stated", "inferred", "unclear"}
            assert reason.text.strip()
        for action in version.actions.values():
            assert action.url is None or action.url.startswith("https://")


def test_regions_cover_the_eu_eea_uk_switzerland_brazil_and_the_rest() -> None:
    catalog = load_catalog()
    day = date(2025, 7, 1)
    eea = load_regions().groups["eea"]  # its members: test_policy_regions.py
    assert {catalog.in_force(code, day).id for code in eea} == {"meta-eu-2025-05-27"}
    assert catalog.in_force("GB", day).id == "meta-gb-2024-09-13"
    assert catalog.in_force("CH", day).id == "meta-ch-2025-05-27"
    assert catalog.in_force("BR", day).id == "meta-br-2024-10-03"
    assert catalog.in_force("US", day).id == "meta-world-2023-09-27"
    assert catalog.in_force("ZZ", day).regions == ("*",)


def test_versions_are_found_by_id_and_summarised_as_plain_data() -> None:
    catalog = load_catalog()
    version = catalog.get("meta-eu-2025-05-27")
    assert version.summary()["effective_from"] == "2025-05-27"
    json.dumps([v.summary() for v in catalog.versions])
    with pytest.raises(KeyError, match="meta-nowhere"):
        catalog.get("meta-nowhere")


def test_verdicts_are_plain_json_data() -> None:
    facts = ItemFacts("facebook", "post", "public", date(2020, 1, 1), "self", "adult")
    data = evaluate(
        facts, PersonContext("DE", Objection(date(2025, 6, 1))), date(2025, 7, 1)
    ).to_dict()
    assert json.loads(json.dumps(data))["reasons"][0]["code"] == "objection.filed"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the shipped data, to break one file at a time."""
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


EU = "meta-eu-2025-05-27.toml"
GB = "meta-gb-2024-09-13.toml"
LIBRARY = "meta.rules.toml"
BREAKAGES = [
    ("source-missing", EU, 'source = "https://www.dataprotection.ie', 'sauce = "https://www.dataprotection.ie', EU, 'rules."training.running"'),
    ("source-not-a-url", EU, 'source = "https://www.dataprotection.ie', 'source = "www.dataprotection.ie', EU, 'rules."training.running".source'),
    ("source-date-in-words", EU, "source_date = 2025-05-21", 'source_date = "May 2025"', EU, 'rules."training.running".source_date'),
    ("source-date-month-13", EU, "source_date = 2025-05-21", 'source_date = "2025-13"', EU, 'rules."training.running".source_date'),
    ("basis-unknown", EU, 'basis = "stated"', 'basis = "probably"', EU, 'rules."training.running".basis'),
    ("region-lowercase", GB, 'regions = ["GB"]', 'regions = ["gb"]', GB, "regions.0"),
    ("region-not-assigned", GB, 'regions = ["GB"]', 'regions = ["UK"]', GB, 'regions: "UK" is not an assigned ISO 3166-1 alpha-2 code; write "GB"'),
    ("region-group-unknown", EU, 'regions = ["@eea", "@eu_territories"]', 'regions = ["@eaa"]', EU, 'regions: unknown region group "@eaa" (known: @eea, @eu, @eu_territories)'),
    ("region-group-name-malformed", EU, 'regions = ["@eea", "@eu_territories"]', 'regions = ["@EEA"]', EU, "regions.0"),
    ("region-twice-via-group", EU, 'regions = ["@eea", "@eu_territories"]', 'regions = ["@eea", "DE"]', EU, "regions: names DE twice"),
    ("region-world-not-alone", EU, 'regions = ["@eea", "@eu_territories"]', 'regions = ["@eea", "*"]', EU, "must stand alone"),
    ("training-unknown", EU, 'training = "running"', 'training = "yes"', EU, "training"),
    ("until-before-from", EU, "effective_from = 2025-05-27", "effective_from = 2025-05-27\neffective_until = 2025-01-01", EU, "(file)"),
    ("id-not-file-name", EU, 'id = "meta-eu-2025-05-27"', 'id = "meta-eu-2025"', EU, "id"),
    ("invalid-toml", EU, "opt_out = true", "opt_out = ", EU, "not valid TOML"),
    ("training-rule-missing", EU, '[rules."training.running"]', '[rules."training.paused"]', EU, "missing training.running"),
    ("rule-code-typo", EU, '[rules."training.running"]', '[rules."training.running"]\ntext = "x"\n[rules."age.minor_exclude"]', EU, "rules"),
    ("timeline-gap", "meta-eu-2024-06-14.toml", "effective_until = 2025-05-27", "effective_until = 2025-05-20", "meta-eu-2024-06-14.toml", "effective_until"),
    ("action-url-not-http", LIBRARY, 'url = "https://www.facebook.com/help/contact/6359191084165019"', 'url = "facebook.com"', LIBRARY, 'actions."object.facebook".url'),
    ("library-rule-missing", LIBRARY, '[rules."region.unknown"]', '[rules."region.unknwn"]', LIBRARY, "rules"),
    ("unsettled-candidate-not-assigned", LIBRARY, 'GG = ["GB", "*"]', 'GG = ["UK", "*"]', LIBRARY, 'unsettled.GG: "UK" is not an assigned ISO 3166-1 alpha-2 code; write "GB"'),
    ("unsettled-candidate-group-unknown", LIBRARY, 'AD = ["@eea", "*"]', 'AD = ["@eaa", "*"]', LIBRARY, 'unsettled.AD: unknown region group "@eaa"'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("file", "old", "new", "named_file", "named_field"),
    [case[1:] for case in BREAKAGES],
    ids=[case[0] for case in BREAKAGES],
)
def test_a_malformed_file_names_the_file_and_the_field(
    data_dir: Path, file: str, old: str, new: str, named_file: str, named_field: str
) -> None:
    edit(data_dir / file, old, new)
    with pytest.raises(PolicyDataError) as raised:
        read_catalog(data_dir)
    assert raised.value.file == named_file
    assert str(raised.value).startswith(named_file)
    assert named_field in str(raised.value)


def test_a_removed_version_leaves_a_gap(data_dir: Path) -> None:
    (data_dir / "meta-gb-2024-06-14.toml").unlink()
    with pytest.raises(PolicyDataError, match=r"meta-gb-2024-05-22\.toml: effective_until"):
        read_catalog(data_dir)


def test_a_version_needs_its_owners_rules_library(data_dir: Path) -> None:
    (data_dir / LIBRARY).unlink()
    with pytest.raises(PolicyDataError, match=r"owner: no meta\.rules\.toml"):
        read_catalog(data_dir)


@pytest.mark.parametrize(
    ("build", "message"),
    # The arg-type ignores are the point: what the types refuse, the constructors refuse at run time.
    [
        (lambda: ItemFacts("facebook", "tweet"), "ItemFacts.kind"),  # type: ignore[arg-type]
        (lambda: ItemFacts("myspace", "post"), "ItemFacts.platform"),  # type: ignore[arg-type]
        (lambda: PersonContext(region="DEU"), "PersonContext.region"),
        (lambda: PersonContext(region="EU"), "PersonContext.region"),
        (lambda: Objection(date(2025, 1, 1), ()), "Objection.scope"),
        (lambda: Objection(date(2025, 1, 1), ("emails",)), "Objection.scope"),  # type: ignore[arg-type]
    ],
)
def test_invalid_facts_are_refused(build: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()
