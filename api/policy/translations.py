"""The engine's reason and action texts, and each version's title, errata and changes, in the
person's language.

Translations are data: `data/i18n/<lang>.toml` for the rule and action texts,
`data/i18n/versions/<lang>.toml` for what the versions say of themselves (titles, errata,
changes; the synthetic versions' titles under "region-unknown" and "unsettled"). The English
of the data files is the source of truth. Each entry names its code (or version id) and the
exact English it renders, so a text that changes in English has no translation until one is
written: tests/policy/test_policy_translations.py fails, and the answer falls back to the
English text meanwhile. A text is translated the same way wherever it appears (a version's
override, or `region.unsettled` standing in for `region.unknown`), so lookups go by the
English alone.
"""

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from api.languages import LANGUAGES, Language
from api.policy.errors import PolicyDataError
from api.policy.language_files import load, pair
from api.policy.verdict import Action, Reason, Verdict
from api.policy.version import PolicyVersion

I18N_DIR = Path(__file__).parent / "data" / "i18n"
# Each table's entries are keyed by a rule or action code, or (the version tables) by the id of a
# version that says the text; an English text several versions share is translated once.
TABLES = ("rules", "actions", "titles", "errata", "changes")
# The files of one language, under I18N_DIR: the engine's texts, then the versions' own.
FILES = ("{lang}.toml", "versions/{lang}.toml")


@dataclass(frozen=True, slots=True)
class Entry:
    """One translated text: where it belongs (a table of TABLES, and the code or version id)."""

    table: str
    code: str
    english: str
    text: str


def entries(lang: Language, directory: Path = I18N_DIR) -> tuple[Entry, ...]:
    """Every entry of one language's files, checked for shape. Each file must exist: a missing
    one is an error at load, not a language answered in English without a word."""
    return tuple(
        entry for name in FILES for entry in load(directory, name.format(lang=lang), lang, _read)
    )


def _read(where: str, data: dict[str, Any]) -> tuple[Entry, ...]:
    if unknown := sorted(set(data) - set(TABLES)):
        raise PolicyDataError(where, unknown[0], f"unknown table (known: {', '.join(TABLES)})")
    found = []
    for table in TABLES:
        for code, items in data.get(table, {}).items():
            for item in items:
                english, text = pair(where, f'{table}."{code}"', item)
                found.append(Entry(table, code, english, text))
    return tuple(found)


@cache
def texts(lang: Language) -> dict[str, str]:
    """English text → its translation (English itself for "en")."""
    table: dict[str, str] = {}
    if lang == "en":
        return table
    for entry in entries(lang):
        if table.setdefault(entry.english, entry.text) != entry.text:
            problem = "one English text translated two ways"
            raise PolicyDataError(f"{lang}.toml", f'{entry.table}."{entry.code}"', problem)
    return table


def translate(text: str, lang: Language) -> str:
    """The text in `lang`, or the English one where no translation exists yet."""
    return texts(lang).get(text, text) if lang != "en" else text


def summary_in(version: PolicyVersion, lang: Language) -> dict[str, Any]:
    """The version's summary with its title in `lang`."""
    summary = version.summary()
    summary["title"] = translate(version.title, lang)
    return summary


def reason_in(reason: Reason, lang: Language) -> Reason:
    return reason if lang == "en" else replace(reason, text=translate(reason.text, lang))


def action_in(action: Action, lang: Language) -> Action:
    return action if lang == "en" else replace(action, text=translate(action.text, lang))


def verdict_in(verdict: Verdict, lang: Language) -> Verdict:
    """The verdict with its reasons and actions in `lang`; the same object for English."""
    if lang == "en":
        return verdict
    return replace(
        verdict,
        reasons=tuple(reason_in(reason, lang) for reason in verdict.reasons),
        actions=tuple(action_in(action, lang) for action in verdict.actions),
    )


__all__ = [
    "LANGUAGES",
    "Entry",
    "action_in",
    "entries",
    "reason_in",
    "summary_in",
    "translate",
    "verdict_in",
]
