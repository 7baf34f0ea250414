"""Sentences the service builds from parts (flips, the objection timeline), in every language.

The English is data (`data/i18n/sentences/en.toml`, `code = "text"`); each translation file
gives, per code, the exact English it translates (`en`) and the translation (`text`), as the
rule texts do (api/policy/translations.py). A code whose English changed has no translation until
one is written: tests/policy/test_sentence_translations.py fails, and English is used meanwhile.
Placeholders (`{on}`) are filled after choosing the language; dates and codes are not translated.
"""

from pathlib import Path
from typing import Any

from api.languages import Language
from api.policy.errors import PolicyDataError
from api.policy.language_files import load, pair

SENTENCES_DIR = Path(__file__).parent / "data" / "i18n" / "sentences"


def english(directory: Path = SENTENCES_DIR) -> dict[str, str]:
    """Code → English text."""
    return load(directory, "en.toml", "en", _english)


def translations(lang: Language, directory: Path = SENTENCES_DIR) -> dict[str, tuple[str, str]]:
    """Code → (the English it translates, the translation)."""
    return load(directory, f"{lang}.toml", lang, _translated)


def _english(name: str, data: dict[str, Any]) -> dict[str, str]:
    if not all(isinstance(text, str) for text in data.values()):
        raise PolicyDataError(name, "sentences", 'each entry is code = "text", a string')
    return data


def _translated(name: str, data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {code: pair(name, code, item) for code, item in data.items()}


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
