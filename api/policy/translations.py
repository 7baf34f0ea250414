"""The engine's reason and action texts in the person's language.

Translations are data (`data/i18n/<lang>.toml`); the English of the rule files is the source
of truth. Each entry names its code and the exact English it renders, so a text that changes in
English has no translation until one is written: tests/policy/test_policy_translations.py fails,
and the answer falls back to the English text meanwhile. A text is translated the same way
wherever it appears (a version's override, or `region.unsettled` standing in for
`region.unknown`), so lookups go by the English alone.
"""

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from api.languages import LANGUAGES, Language
from api.policy.errors import PolicyDataError
from api.policy.verdict import Action, Reason, Verdict

I18N_DIR = Path(__file__).parent / "data" / "i18n"
TABLES = ("rules", "actions")


@dataclass(frozen=True, slots=True)
class Entry:
    """One translated text: where it belongs (`rules` or `actions`, and the code)."""

    table: str
    code: str
    english: str
    text: str


@cache
def entries(lang: Language, directory: Path = I18N_DIR) -> tuple[Entry, ...]:
    """Every entry of one language's file, checked for shape."""
    path = directory / f"{lang}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if data.get("lang") != lang:
        raise PolicyDataError(path.name, "lang", f'must be "{lang}"')
    found = []
    for table in TABLES:
        for code, items in data.get(table, {}).items():
            for item in items:
                strings = all(isinstance(value, str) for value in item.values())
                if set(item) != {"en", "text"} or not strings:
                    problem = 'each entry has exactly "en" and "text", both strings'
                    raise PolicyDataError(path.name, f'{table}."{code}"', problem)
                found.append(Entry(table, code, item["en"], item["text"]))
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


__all__ = ["LANGUAGES", "Entry", "action_in", "entries", "reason_in", "translate", "verdict_in"]
