"""The page-rules document's schema: `{version, issued_at, rules}`. Rules are data only:
strings, numbers, lists and objects, with a RegExp written as `{"re": source, "flags": ...}`
for the extension to compile with `new RegExp`; nothing in it is ever run as code."""

import re
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, JsonValue, field_validator

MAX_DOCUMENT_BYTES = 512 * 1024
MAX_DEPTH = 8
MAX_STRING = 2000
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
FLAGS_RE = re.compile(r"^[dgimsuy]{0,7}$")


class PageRulesDocument(BaseModel):
    """A document as the operator publishes it and the extension verifies it."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=2**31 - 1, description="Higher than every version before it")
    issued_at: AwareDatetime
    rules: dict[str, JsonValue] = Field(min_length=1, description="Named rule values")

    @field_validator("rules")
    @classmethod
    def _data_only(cls, rules: dict[str, JsonValue]) -> dict[str, JsonValue]:
        for name, value in rules.items():
            if not NAME_RE.match(name):
                raise ValueError(f"rule name {name!r} is not an identifier")
            _check(value, name, 1)
        return rules


def _check(value: Any, where: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested deeper than {MAX_DEPTH}")
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise ValueError(f"{where}: a string longer than {MAX_STRING} characters")
    elif isinstance(value, bool) or value is None or isinstance(value, int | float):
        return
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, f"{where}[{index}]", depth + 1)
    elif isinstance(value, dict):
        if "re" in value:
            _check_regexp(value, where)
        for key, item in value.items():
            _check(item, f"{where}.{key}", depth + 1)


def _check_regexp(value: dict[str, Any], where: str) -> None:
    """A RegExp is checked for its shape only: `{re, flags}`, a string source and JavaScript
    flags. The source itself is JavaScript's syntax (`\\p{L}` with `u`, `(?<name>...)`), which
    Python's `re` reads differently, so it is not compiled here: the extension compiles every
    pattern when it verifies a document and refuses the whole document if one fails, keeping
    the rules it had (the bundled copy at least)."""
    if set(value) - {"re", "flags"} or not isinstance(value["re"], str):
        raise ValueError(f"{where}: a RegExp is {{re, flags}} with a string source")
    flags = value.get("flags", "")
    if not isinstance(flags, str) or not FLAGS_RE.match(flags):
        raise ValueError(f"{where}: RegExp flags must be some of dgimsuy")
