"""Every reason and action text the engine can return, and every version's title, errata and
changes, exists in every language, says the same placeholders and the same numbers (dates, ages,
years) as its English, and no translation is left over from an English text that has changed."""

import re
from collections import defaultdict
from datetime import date
from string import Formatter

import pytest

from api.languages import LANGUAGES, Language
from api.policy import load_catalog
from api.policy.catalog import REGION_UNKNOWN_TITLE, UNSETTLED_TITLE
from api.policy.translations import entries, translate

TRANSLATED: tuple[Language, ...] = tuple(lang for lang in LANGUAGES if lang != "en")


def _catalogue_texts() -> dict[str, set[tuple[str, str]]]:
    """English text → the (table, code) pairs it is given under, over every version."""
    found: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
    for version in load_catalog().versions:
        for code, reason in version.rules.items():
            found[reason.text].add(("rules", code))
        for code, action in version.actions.items():
            found[action.text].add(("actions", code))
        # A version's own texts, under its id (any one of the versions that share a text).
        found[version.title].add(("titles", version.id))
        for erratum in version.errata:
            found[erratum.changed].add(("errata", version.id))
        for change in version.changes:
            found[change.text].add(("changes", version.id))
    found[REGION_UNKNOWN_TITLE].add(("titles", "region-unknown"))
    found[UNSETTLED_TITLE].add(("titles", "unsettled"))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def _numbers(text: str) -> list[str]:
    return sorted(re.findall(r"\d+", text))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_text_the_engine_returns_has_a_translation(lang: Language) -> None:
    missing = [text for text in _catalogue_texts() if translate(text, lang) == text]

    assert not missing, f"{lang}: {len(missing)} text(s) without a translation: {missing[:3]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_translation_is_left_from_a_changed_english_text(lang: Language) -> None:
    texts = _catalogue_texts()
    stale = [
        f'{e.table}."{e.code}": {e.english[:60]}'
        for e in entries(lang)
        if (e.table, e.code) not in texts.get(e.english, set())
    ]

    assert not stale, f"{lang}: translations of English no rule file says: {stale}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_translation_keeps_the_placeholders_and_numbers_of_its_english(
    lang: Language,
) -> None:
    differ = [
        f"{e.code}: {e.text[:60]}"
        for e in entries(lang)
        if _placeholders(e.text) != _placeholders(e.english)
        or _numbers(e.text) != _numbers(e.english)
    ]

    assert not differ, f"{lang}: {differ}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_translation_is_not_the_english_again(lang: Language) -> None:
    same = [e.code for e in entries(lang) if e.text.strip() == e.english.strip()]

    assert not same, f"{lang}: {same}"


def test_english_is_the_rule_files_own_text() -> None:
    text = next(iter(_catalogue_texts()))

    assert translate(text, "en") is text


def test_the_synthetic_versions_say_the_titles_that_are_translated() -> None:
    catalog = load_catalog()
    unknown = catalog.in_force(None, date(2025, 6, 1))
    unsettled = catalog.in_force("AD", date(2025, 6, 1))

    assert (unknown.title, unsettled.title) == (REGION_UNKNOWN_TITLE, UNSETTLED_TITLE)
    assert translate(unsettled.title, "de").startswith("Ein Land, das keine Quelle zuordnet")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_version_s_texts_read_in_each_language(lang: Language) -> None:
    version = load_catalog().get("meta-eu-2025-05-27")
    errata, changes = (e.changed for e in version.errata), (c.text for c in version.changes)
    texts = [version.title, *errata, *changes]

    assert all(translate(text, lang) != text for text in texts)


def test_the_correction_names_the_territories_not_their_codes() -> None:
    erratum = load_catalog().get("meta-eu-2023-09-27").errata[0].changed

    assert "Réunion" in erratum and "Åland" in erratum
    assert not re.search(r"\b(GF|GP|MF|MQ|RE|YT|AX)\b", erratum)
    assert "Guyane" in translate(erratum, "fr") and "RGPD" in translate(erratum, "fr")
    assert "DSGVO" in translate(erratum, "de") and "RODO" in translate(erratum, "pl")
