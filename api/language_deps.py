"""The language a request asks for, as a dependency: `lang`, else `Accept-Language`; and the
headers of an answer given in it."""

from typing import Annotated

from fastapi import Depends, Header, Query
from fastapi.exceptions import RequestValidationError

from api.languages import LANGUAGES, Language, negotiate

LANG_DESCRIPTION = "The answer's language; wins over `Accept-Language`. Default: English"


def requested_language(
    lang: Annotated[Language | None, Query(description=LANG_DESCRIPTION)] = None,
    accept_language: Annotated[
        str | None,
        Header(description="Weighed as RFC 9110 says when `lang` is absent", max_length=1024),
    ] = None,
) -> Language:
    return negotiate(lang, accept_language)


def checked_lang(value: str | None) -> str | None:
    """A `lang` read by hand (routes that parse their own input): one of the languages, or 422."""
    if value is not None and value not in LANGUAGES:
        expected = ", ".join(f"'{language}'" for language in LANGUAGES)
        raise RequestValidationError(
            [
                {
                    "type": "literal_error",
                    "loc": ("query", "lang"),
                    "msg": f"Input should be {expected}",
                    "input": value,
                }
            ]
        )
    return value


RequestedLanguage = Annotated[Language, Depends(requested_language)]


def answered_in(lang: Language) -> dict[str, str]:
    """The headers of an answer in the person's language, for every route that gives one: its
    language named, and caches told that `Accept-Language` chose it (one copy per language)."""
    return {"Content-Language": lang, "Vary": "Accept-Language"}
