"""The languages the service answers in, and choosing one for a request.

A `lang` query parameter wins, then the `Accept-Language` header weighed by its q-values
(RFC 9110 §12.5.4), then English. A tag matches a language exactly (case aside), else by its
primary subtag, as RFC 4647 lookup falls back (`de-AT` → `de`, `pt` or `pt-PT` → `pt-BR`).
"""

from functools import lru_cache
from typing import Literal, get_args

Language = Literal["en", "de", "fr", "es", "it", "nl", "pl", "pt-BR"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "en"
# A header longer than this is read only this far: a preference list is a few entries.
_MAX_ENTRIES = 32

_EXACT: dict[str, Language] = {language.lower(): language for language in LANGUAGES}
_PRIMARY: dict[str, Language] = {language.split("-")[0].lower(): language for language in LANGUAGES}


def match(tag: str) -> Language | None:
    """The language a tag names, exactly or by its primary subtag; None if none does."""
    tag = tag.strip().lower()
    return _EXACT.get(tag) or _PRIMARY.get(tag.split("-")[0])


def negotiate(lang: str | None, accept_language: str | None) -> Language:
    """The language to answer in: `lang` if it names one, else the best of the header."""
    if lang and (found := match(lang)):
        return found
    if not accept_language:
        return DEFAULT_LANGUAGE
    return _from_header(accept_language[:1024])


@lru_cache(maxsize=256)
def _from_header(header: str) -> Language:
    """Browsers send a handful of distinct headers, so each is parsed once."""
    ranked: list[tuple[float, int, str]] = []
    for position, entry in enumerate(header.split(",")[:_MAX_ENTRIES]):
        tag, _, params = entry.partition(";")
        weight = _weight(params)
        if tag.strip() and weight > 0:
            ranked.append((-weight, position, tag))
    for _, _, tag in sorted(ranked):
        if found := match(tag):
            return found
    return DEFAULT_LANGUAGE


def _weight(params: str) -> float:
    """The q-value of one entry (1 when absent); a malformed one counts as 0, not acceptable."""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value.strip())
            except ValueError:
                return 0.0
            return weight if 0.0 <= weight <= 1.0 else 0.0
    return 1.0


# How an operation documents the choice (OpenAPI parameters), where it reads them itself.
LANGUAGE_PARAMETERS = [
    {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "The answer's language (BCP 47); wins over `Accept-Language`",
        "schema": {"type": "string", "enum": list(LANGUAGES)},
    },
    {
        "name": "Accept-Language",
        "in": "header",
        "required": False,
        "description": "Weighed as RFC 9110 says when `lang` is absent; English by default",
        "schema": {"type": "string"},
    },
]
