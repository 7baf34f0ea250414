"""One way to read a language's data file (under data/i18n): the rule and version texts
(translations.py) and the built sentences (sentences.py) are read here alike.

A file is read once and kept with what its reader made of it. One failure rule: a file that is
missing, is not TOML, names another language or has the wrong shape fails at load with a
PolicyDataError naming it; nothing is kept for it, and no language is answered in English
without a word.
"""

import threading
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from api.policy.errors import PolicyDataError

T = TypeVar("T")
# What a reader makes of one file: given the file's name (for errors) and its TOML, minus `lang`.
Reader = Callable[[str, dict[str, Any]], T]

_loaded: dict[tuple[Path, str, str, Callable[..., object]], object] = {}
_lock = threading.Lock()
_UNREAD = object()


def load(directory: Path, name: str, lang: str, reader: Reader[T]) -> T:
    """The file `name` under `directory` for `lang`, as `reader` reads it; read once. A file
    already read costs one dict lookup (texts are asked for per sentence): no path is built and
    no lock taken until a file is read."""
    key = (directory, name, lang, reader)
    found = _loaded.get(key, _UNREAD)
    if found is _UNREAD:
        with _lock:
            if key not in _loaded:
                _loaded[key] = reader(name, _table(directory / name, name, lang))
            found = _loaded[key]
    return cast(T, found)


def _table(path: Path, name: str, lang: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyDataError(
            name, None, f"missing: every language has this file ({lang})"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise PolicyDataError(name, None, f"not readable TOML: {error}") from error
    if data.pop("lang", None) != lang:
        raise PolicyDataError(name, "lang", f'must be "{lang}"')
    return data


def pair(name: str, field: str, item: object) -> tuple[str, str]:
    """One translated entry, `{en = "…", text = "…"}`: (the English, its translation)."""
    if (
        not isinstance(item, dict)
        or set(item) != {"en", "text"}
        or not all(isinstance(value, str) for value in item.values())
    ):
        raise PolicyDataError(name, field, 'each entry has exactly "en" and "text", both strings')
    return item["en"], item["text"]
