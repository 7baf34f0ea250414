"""Each flip in the explain answer also reads as a sentence, in the answer's language; the
codes beside it (`fact`, `to`, `verdict`) stay as they were."""

import httpx

from tests.explain.helpers import BODY


async def test_a_flip_reads_as_a_sentence_in_english(client: httpx.AsyncClient) -> None:
    result = (await client.post("/v1/explain", json=BODY)).json()["results"][0]

    assert result["verdict"] == "included"
    assert result["flip"][0] == {
        "fact": "audience",
        "to": "friends",
        "verdict": "excluded",
        "text": (
            "If this were visible to friends only, Meta's training would no longer use it "
            "from now on."
        ),
    }


async def test_flips_follow_the_answers_language(client: httpx.AsyncClient) -> None:
    english = (await client.post("/v1/explain", json=BODY)).json()["results"][0]["flip"]

    for lang, words in [("fr", "amis"), ("pl", "znajomych"), ("pt-BR", "amigos")]:
        response = await client.post("/v1/explain", json=BODY, headers={"Accept-Language": lang})

        flips = response.json()["results"][0]["flip"]
        assert response.headers["content-language"] == lang
        assert words in flips[0]["text"]
        assert [{**f, "text": ""} for f in flips] == [{**f, "text": ""} for f in english]
