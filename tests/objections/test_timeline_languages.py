"""The objection timeline speaks the person's language (`lang`, else Accept-Language, else
English) and names it; dates, sources, state codes and the reasons people gave stay as given."""

import httpx

from tests.conftest import Person
from tests.objections.helpers import TIMELINE, with_objection
from tests.receipts.factories import FACEBOOK, INSTAGRAM, put_preferences


async def test_the_timeline_comes_in_the_language_asked(
    client: httpx.AsyncClient, person: Person
) -> None:
    submitted = with_objection(FACEBOOK, state="submitted", submitted_on="2025-07-01")
    response = await put_preferences(client, person, region="DE", accounts=[submitted, INSTAGRAM])
    assert response.status_code == 200
    english = (await client.get(TIMELINE, headers=person.headers)).json()

    response = await client.get(TIMELINE, headers={**person.headers, "Accept-Language": "de"})

    assert response.headers["content-language"] == "de"
    german = response.json()
    assert (german["lang"], english["lang"]) == ("de", "en")
    facebook, instagram = german["accounts"]
    assert facebook["entries"][1]["text"] == "Sie haben widersprochen."
    assert "zwischen 2025-05-27 und 2025-07-01" in facebook["may_already_be_used"]
    assert "nichts ist geschützt" in instagram["may_already_be_used"]
    for de, en in zip(german["accounts"], english["accounts"], strict=True):
        assert [e["on"] for e in de["entries"]] == [e["on"] for e in en["entries"]]
        assert [e["source"] for e in de["entries"]] == [e["source"] for e in en["entries"]]
        assert de["covered_from"] == en["covered_from"]


async def test_the_lang_parameter_wins_and_a_rejection_keeps_metas_words(
    client: httpx.AsyncClient, person: Person
) -> None:
    rejected = with_objection(
        FACEBOOK, state="rejected", submitted_on="2025-07-01", rejected_reason="Not verified"
    )
    assert (await put_preferences(client, person, region="FR", accounts=[rejected])).status_code
    response = await client.get(
        TIMELINE, params={"lang": "fr"}, headers={**person.headers, "Accept-Language": "it"}
    )

    assert response.headers["content-language"] == "fr"
    texts = [entry["text"] for entry in response.json()["accounts"][0]["entries"]]
    assert "Meta a rejeté votre opposition. Son motif : Not verified" in texts


async def test_an_unknown_region_says_so_in_polish(
    client: httpx.AsyncClient, person: Person
) -> None:
    assert (await put_preferences(client, person, accounts=[FACEBOOK])).status_code == 200

    response = await client.get(TIMELINE, params={"lang": "pl"}, headers=person.headers)

    used = response.json()["accounts"][0]["may_already_be_used"]
    assert used.startswith("Nieznane, dopóki nie podasz swojego regionu")
