"""A language's data file is read one way for the rule texts and the sentences alike: once, and a
missing, unreadable or malformed file fails at load, naming the file."""

from pathlib import Path

import pytest

from api.policy.errors import PolicyDataError
from api.policy.sentences import english, translations
from api.policy.translations import entries

RULES = '[[rules."age.x"]]\nen = "Old."\ntext = "Alt."\n'


def _write(directory: Path, name: str, text: str | bytes) -> None:
    (directory / name).parent.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(text if isinstance(text, bytes) else text.encode())


def test_a_missing_sentence_file_fails_at_load_naming_it(tmp_path: Path) -> None:
    with pytest.raises(PolicyDataError, match=r"^de\.toml: missing"):
        translations("de", tmp_path)


def test_a_missing_versions_file_fails_at_load_naming_it(tmp_path: Path) -> None:
    _write(tmp_path, "de.toml", f'lang = "de"\n{RULES}')

    with pytest.raises(PolicyDataError, match=r"^versions/de\.toml: missing"):
        entries("de", tmp_path)


@pytest.mark.parametrize("text", ['lang = "de"\n["a"\n', b"lang = '\xff'"])
def test_a_file_that_is_not_toml_fails_at_load_naming_it(tmp_path: Path, text: str | bytes) -> None:
    _write(tmp_path, "de.toml", text)

    with pytest.raises(PolicyDataError, match=r"^de\.toml: not readable TOML"):
        translations("de", tmp_path)


def test_a_file_of_another_language_fails_for_both_kinds(tmp_path: Path) -> None:
    _write(tmp_path, "de.toml", f'lang = "fr"\n{RULES}')
    _write(tmp_path, "en.toml", 'lang = "de"\n')

    with pytest.raises(PolicyDataError, match=r'^de\.toml: lang: must be "de"'):
        entries("de", tmp_path)
    with pytest.raises(PolicyDataError, match=r'^en\.toml: lang: must be "en"'):
        english(tmp_path)


def test_an_entry_of_the_wrong_shape_fails_the_same_way_in_both(tmp_path: Path) -> None:
    _write(tmp_path, "de.toml", f'lang = "de"\n{RULES}')
    _write(tmp_path, "versions/de.toml", 'lang = "de"\n[[titles."v"]]\nen = "T"\ntext = 3\n')
    _write(tmp_path, "sentences/de.toml", 'lang = "de"\n["flip"]\nen = "If"\ntext = 3\n')

    with pytest.raises(PolicyDataError, match='exactly "en" and "text", both strings'):
        translations("de", tmp_path / "sentences")
    with pytest.raises(PolicyDataError, match='exactly "en" and "text", both strings'):
        entries("de", tmp_path)


def test_a_file_is_read_once(tmp_path: Path) -> None:
    _write(tmp_path, "de.toml", 'lang = "de"\n["flip"]\nen = "If"\ntext = "Wenn"\n')
    first = translations("de", tmp_path)
    (tmp_path / "de.toml").unlink()

    assert translations("de", tmp_path) is first == {"flip": ("If", "Wenn")}
