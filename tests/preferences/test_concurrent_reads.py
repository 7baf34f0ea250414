"""Many people reading their preferences at once: each gets their own record, and on
PostgreSQL the reads that wait together share statements (api/keyed_reads.py)."""

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.keyed_reads import KeyedReads
from api.raw_query import RawQuery
from tests.conftest import Person, sign_up

_STATEMENT = text("SELECT 1").columns()
REGIONS = ["DE", "FR", "IT", "ES", "NL", "PL", "BR", "US", "GB", "CH"]


async def _with_region(client: httpx.AsyncClient, region: str) -> Person:
    person = await sign_up(client)
    response = await client.put(
        "/v1/me/preferences",
        json={
            "region": region,
            "accounts": [{"platform": "facebook", "profile": "jane.doe"}],
            "scope": "all",
            "listed": False,
        },
        headers={**person.headers, "If-Match": '"v1"'},
    )
    assert response.status_code == 200, response.text
    return person


async def test_concurrent_reads_each_answer_their_own_record(
    client: httpx.AsyncClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [await _with_region(client, REGIONS[n % len(REGIONS)]) for n in range(30)]
    # One of them signs out: their reads must be refused even inside a shared batch.
    gone = people[7]
    assert (await client.post("/v1/auth/sign-out", headers=gone.headers)).status_code == 204
    statements: list[int] = []
    original = RawQuery.driver_rows_async

    async def counted(self: RawQuery, engine: Engine, **params: Any) -> Any:
        statements.append(len(params.get("keys", [None])))
        return await original(self, engine, **params)

    monkeypatch.setattr(RawQuery, "driver_rows_async", counted)
    readers = [person for person in people for _ in range(3)]
    answers = await asyncio.gather(
        *(client.get("/v1/me/preferences", headers=person.headers) for person in readers)
    )
    for index, (person, answer) in enumerate(zip(readers, answers, strict=True)):
        if person is gone:
            assert answer.status_code == 401, answer.text
            continue
        assert answer.status_code == 200, answer.text
        assert answer.json()["region"] == REGIONS[people.index(person) % len(REGIONS)], index
    assert sum(statements) >= len(people)  # every sign-in was asked for
    if engine.dialect.name == "postgresql":
        # Reads that waited together went out together: fewer statements than reads.
        assert len(statements) < len(readers) / 2, statements


class _Flaky(RawQuery):
    down = True

    async def driver_rows_async(self, engine: Engine, **params: Any) -> Any:
        await asyncio.sleep(0.01)
        if self.down:
            raise RuntimeError("the database went away")
        return [(key, "row") for key in params["keys"]]


async def test_a_failed_batch_fails_each_of_its_reads_and_the_next_reads_go_on(
    engine: Engine,
) -> None:
    reads = KeyedReads(_STATEMENT)
    reads.query = flaky = _Flaky(_STATEMENT)
    outcomes = await asyncio.gather(
        *(reads.rows(engine, f"key-{n}") for n in range(10)), return_exceptions=True
    )
    assert all(isinstance(outcome, RuntimeError) for outcome in outcomes), outcomes
    flaky.down = False
    assert await reads.rows(engine, "key-1") == [("key-1", "row")]


async def test_a_read_given_up_does_not_stop_the_others(engine: Engine) -> None:
    answered = asyncio.Event()

    class _Slow(RawQuery):
        async def driver_rows_async(self, engine: Engine, **params: Any) -> Any:
            await answered.wait()
            return [(key, "row") for key in params["keys"]]

    reads = KeyedReads(_STATEMENT)
    reads.query = _Slow(_STATEMENT)
    given_up = asyncio.ensure_future(reads.rows(engine, "a"))
    kept = [asyncio.ensure_future(reads.rows(engine, key)) for key in ("a", "b", "c")]
    await asyncio.sleep(0)
    given_up.cancel()
    answered.set()
    assert await asyncio.gather(*kept) == [[("a", "row")], [("b", "row")], [("c", "row")]]
    assert given_up.cancelled()
