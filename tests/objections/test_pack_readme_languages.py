"""The evidence pack's README in every language: each translation keeps the English's
placeholders, formulas, commands, file names and numbers, and a pack asked for in a language
carries its README in that language."""

import io
import re
import zipfile
from string import Formatter

import httpx
import pytest

from api.languages import LANGUAGES, Language
from api.objections.pack_readme import readme, readme_template
from tests.conftest import Person
from tests.receipts.factories import opt_out

TRANSLATED: tuple[Language, ...] = tuple(lang for lang in LANGUAGES if lang != "en")
FORMULA = re.compile(r"sha256_hex\( .*? \)")
FILES = re.compile(r"^(\S+\.(?:jws|json|py)) {2,}", re.MULTILINE)


def _placeholders(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in Formatter().parse(text) if name is not None)


def _commands(text: str) -> list[str]:
    """The lines set as commands (seven spaces in; the file list's are deeper)."""
    return re.findall(r"^ {7}(\S.*)$", text, re.MULTILINE)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_readme_keeps_what_a_reader_types_or_compares(lang: Language) -> None:
    english, text = readme_template("en"), readme_template(lang)

    assert _placeholders(text) == _placeholders(english)
    assert FORMULA.findall(text) == FORMULA.findall(english)
    assert _commands(text) == _commands(english)
    assert FILES.findall(text) == FILES.findall(english)
    assert sorted(re.findall(r"\d+", text)) == sorted(re.findall(r"\d+", english))
    assert "/.well-known/jwks.json" in text and "POST /v1/receipts/verify" in text


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_readme_is_written_in_its_language(lang: Language) -> None:
    english = set(readme_template("en").split())
    words = readme_template(lang).split()

    foreign = [word for word in words if word not in english]
    assert len(foreign) > len(words) / 3, f"{lang}: mostly English words"


async def test_a_pack_asked_for_in_french_has_its_readme_in_french(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)

    answer = await client.get("/v1/me/evidence-pack", params={"lang": "fr"}, headers=person.headers)

    assert answer.headers["content-language"] == "fr"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        text = archive.read("evidence/README.txt").decode()
        script = archive.read("evidence/verify.py").decode()
    assert text.startswith("AI Opt-Out : dossier de preuves")
    assert script.strip() in text.replace("       ", "")
    assert text == readme(made_at=_made_at(text), subject=_subject(text), lang="fr")


def _made_at(text: str) -> str:
    found = re.search(r"Établi le (\S+) pour", text)
    assert found
    return found.group(1)


def _subject(text: str) -> str:
    found = re.search(r"pseudonyme de compte (\S+)\.\n", text)
    assert found
    return found.group(1)
