"""Composing an objection letter from the texts in `letter_texts/` (one TOML file per language)
and the person's linked accounts. Plain Python: rendering lives in `letter_render.py`."""

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from api.languages import Language
from api.platforms import PLATFORM_NAMES, Platform
from api.policy.jurisdictions import Law, form_url
from api.preferences.profiles import profile_url
from api.preferences.schemas import LinkedAccountOut

TEXTS_DIR = Path(__file__).with_name("letter_texts")


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter, every part already in the person's language; nothing in it is markup."""

    lang: Language
    title: str
    to: str
    date: str
    intro: str
    accounts_intro: str
    accounts: tuple[str, ...]
    situation: str
    paragraphs: tuple[str, ...]
    closing: str
    signature: str
    how_title: str
    how: tuple[str, ...]
    form_url: str


@cache
def texts(lang: Language) -> dict[str, Any]:
    return tomllib.loads((TEXTS_DIR / f"{lang}.toml").read_text(encoding="utf-8"))


def compose(
    *,
    law: Law,
    platform: Platform,
    accounts: list[LinkedAccountOut],
    lang: Language,
    today: date,
) -> Letter:
    """The letter for `platform`, naming each of the person's accounts there."""
    text = texts(lang)
    labels, law_text = text["labels"], text["law"][law]
    month = text["months"][today.month - 1]
    values = {
        "platform": PLATFORM_NAMES[platform],
        "form_url": form_url(platform),
        "date": text["date_format"].format(day=today.day, month=month, year=today.year),
    }

    def fill(template: str) -> str:
        return template.format_map(values)

    named = [_account_line(account, labels, values) for account in accounts]
    return Letter(
        lang=lang,
        title=law_text["title"],
        to=fill(labels["to"]),
        date=fill(labels["date"]),
        intro=fill(law_text["intro"]),
        accounts_intro=fill(labels["accounts_intro"]),
        accounts=tuple(named) or (fill(labels["account_placeholder"]),),
        situation=fill(law_text["situation"]),
        paragraphs=tuple(fill(p) for p in law_text["paragraphs"]),
        closing=fill(labels["closing"]),
        signature=fill(labels["signature"]),
        how_title=fill(labels["how_title"]),
        how=tuple(fill(step) for step in labels["how"]),
        form_url=values["form_url"],
    )


def _account_line(account: LinkedAccountOut, labels: dict[str, str], values: dict[str, str]) -> str:
    if account.profile is None:
        return labels["account_placeholder"].format_map(values)
    address = profile_url(account.platform, account.profile)
    if address is not None:
        return address
    # An Instagram numeric id has no public address: name it as an id.
    return labels["numeric_id"].format_map({**values, "id": account.profile.removeprefix("id:")})
