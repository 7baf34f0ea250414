"""Each policy version says what it changed, with a catalogued source; the feed of changes."""

from datetime import date
from pathlib import Path

import pytest

from api.policy import load_catalog
from api.policy.catalog import read_catalog
from api.policy.changes import changed_versions
from api.policy.errors import PolicyDataError
from api.policy.sources import load_sources

DATA = Path(__file__).parents[2] / "api" / "policy" / "data"


def test_every_shipped_version_says_what_changed_with_a_catalogued_source() -> None:
    sources = load_sources()
    for version in load_catalog().versions:
        assert version.changes, f"{version.id} records no change"
        for change in version.changes:
            assert change.text.strip()
            assert change.source in sources, (version.id, change.source)


def test_a_change_citing_an_uncatalogued_source_fails_at_load(tmp_path: Path) -> None:
    for path in DATA.glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "meta-eu-2025-05-27.toml"
    # Only the change's source: the rule citing the same URL keeps it, so the refusal can only
    # come from the check of the changes.
    rules, changes = target.read_text(encoding="utf-8").split("[[changes]]", 1)
    cited = (
        'source = "https://www.dataprotection.ie/en/news-media/latest-news/dpc-statement-meta-ai"\n'
    )
    assert cited in rules and cited in changes
    changes = changes.replace(cited, 'source = "https://example.org/not-catalogued"\n', 1)
    target.write_text(f"{rules}[[changes]]{changes}", encoding="utf-8")

    with pytest.raises(PolicyDataError, match="not-catalogued") as raised:
        read_catalog(tmp_path)
    assert raised.value.field == "changes"


def test_the_feed_is_newest_first_and_starts_on_the_day_given() -> None:
    feed = changed_versions(load_catalog(), since=date(2024, 6, 1))

    starts = [v.effective_from for v in feed]
    assert starts == sorted(starts, reverse=True)
    assert min(starts) >= date(2024, 6, 1)
    assert "meta-eu-2024-06-14" in {v.id for v in feed}
    assert "meta-eu-2024-05-22" not in {v.id for v in feed}


def test_a_region_sees_only_its_own_timeline() -> None:
    catalog = load_catalog()

    german = {v.id for v in changed_versions(catalog, region="DE")}
    american = {v.id for v in changed_versions(catalog, region="US")}

    assert german == {
        "meta-eu-2023-09-27",
        "meta-eu-2024-05-22",
        "meta-eu-2024-06-14",
        "meta-eu-2025-05-27",
    }
    assert american == {"meta-world-2023-09-27", "meta-world-2025-12-16"}
