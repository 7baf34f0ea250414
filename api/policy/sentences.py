"""Sentences the service builds from parts (flips, the objection timeline), in every language.

The English is data (`data/i18n/sentences/en.toml`, `code = "text"`); each translation file
gives, per code, the exact English it translates (`en`) and the translation (`text`), as the
rule texts do (api/policy/translations.py). A code whose English changed has no translation until
one is written: tests/policy/test_sentence_translations.py fails, and English is used meanwhile.
Placeholders (`{on}`) are filled after choosing the language; dates and codes are not translated.
"""

import tomllib
from functools import cache
from pathlib import Path

from api.languages import Language
from api.policy.errors import PolicyDataError

SENTENCES_DIR = Path(__file__).parent / "data" / "i18n" / "sentences"


@cache
def english(directory: Path = SENTENCES_DIR) -> dict[str, str]:
    """Code → English text."""
    path = directory / "en.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found = {code: text for code, text in data.items() if code != "lang"}
    if data.get("lang") != "en" or not all(isinstance(text, str) for text in found.values()):
        raise PolicyDataError(path.name, "sentences", 'lang = "en", then code = "text" strings')
    return found


@cache
def translations(lang: Language, directory: Path = SENTENCES_DIR) -> dict[str, tuple[str, str]]:
    """Code → (the English it translates, the translation)."""
    path = directory / f"{lang}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if data.get("lang") != lang:
        raise PolicyDataError(path.name, "lang", f'must be "{lang}"')
    found: dict[str, tuple[str, str]] = {}
    for code, item in data.items():
        if code == "lang":
            continue
        if not isinstance(item, dict) or set(item) != {"en", "text"}:
            raise PolicyDataError(path.name, code, 'each entry has exactly "en" and "text"')
        found[code] = (str(item["en"]), str(item["text"]))
    return found


def template(code: str, lang: Language) -> str:
    """The text of `code` in `lang`; the English where its translation is missing or stale."""
    source = english()[code]
    if lang == "en":
        return source
    given = translations(lang).get(code)
    return given[1] if given is not None and given[0] == source else source


def sentence(code: str, lang: Language, **values: str) -> str:
    """The text of `code` in `lang` with its placeholders filled."""
    return template(code, lang).format(**values)
