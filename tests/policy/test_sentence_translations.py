"""The sentences built from parts (flips, the objection timeline) exist in every language, keep
the placeholders and numbers of their English, are not left over from a changed English text,
and render: every flip the engine can return reads as a sentence in all eight languages."""

import re
from string import Formatter

import pytest

from api.languages import LANGUAGES, Language
from api.policy.flip_text import flip_text
from api.policy.flips import AUDIENCE_CHOICES
from api.policy.sentences import english, sentence, translations
from api.policy.verdict import Flip, FlipFact, VerdictValue

TRANSLATED: tuple[Language, ...] = tuple(lang for lang in LANGUAGES if lang != "en")
VERDICTS: tuple[VerdictValue, ...] = ("included", "excluded", "uncertain")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def _numbers(text: str) -> list[str]:
    return sorted(re.findall(r"\d+", text))


def _every_flip() -> list[Flip]:
    """Every (fact, value, verdict) api/policy/flips.py can produce."""
    values: list[tuple[FlipFact, str]] = [("objection", "all")]
    values += [("author_age", age) for age in ("adult", "minor")]
    values += [
        ("audience", audience) for choices in AUDIENCE_CHOICES.values() for audience in choices
    ]
    return [Flip(fact, to, verdict) for fact, to in dict.fromkeys(values) for verdict in VERDICTS]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_sentence_has_a_current_translation(lang: Language) -> None:
    given = translations(lang)
    missing = [code for code in english() if code not in given]
    stale = [code for code, (en, _) in given.items() if english().get(code) != en]

    assert not missing, f"{lang}: no translation for {missing}"
    assert not stale, f"{lang}: translations of English en.toml no longer says: {stale}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_translation_keeps_the_placeholders_and_numbers_of_its_english(
    lang: Language,
) -> None:
    differ = [
        code
        for code, (en, text) in translations(lang).items()
        if _placeholders(text) != _placeholders(en) or _numbers(text) != _numbers(en)
    ]

    assert not differ, f"{lang}: {differ}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_translation_with_words_is_not_the_english_again(lang: Language) -> None:
    def words(text: str) -> str:
        return re.sub(r"\{\w+\}|[\W\d_]", "", text)

    same = [code for code, (en, text) in translations(lang).items() if words(en) and text == en]

    assert not same, f"{lang}: {same}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_sentence_renders_with_its_placeholders_filled(lang: Language) -> None:
    for code, en in english().items():
        values = {name: f"<{name}>" for name in _placeholders(en)}

        text = sentence(code, lang, **values)

        assert "{" not in text and all(value in text for value in values.values()), code


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_flip_reads_as_one_sentence(lang: Language) -> None:
    for flip in _every_flip():
        for current in (v for v in VERDICTS if v != flip.verdict):
            text = flip_text(flip, current, lang)

            assert text[0].isupper() and text.endswith(".") and "{" not in text, text
            if lang != "en":
                assert text != flip_text(flip, current, "en"), text


def test_a_flip_says_what_changes_and_what_training_would_do() -> None:
    flip = Flip("audience", "friends", "excluded")

    assert flip_text(flip, "included", "en") == (
        "If this were visible to friends only, Meta's training would no longer use it from now on."
    )
    assert flip_text(flip, "included", "de") == (
        "Wenn dies nur für Freunde sichtbar wäre, würde Metas Training es ab jetzt nicht mehr "
        "verwenden."
    )
    assert "would not use it" in flip_text(flip, "uncertain", "en")
