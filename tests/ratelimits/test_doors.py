"""The doors in the app: which address is counted (the peer, or the first untrusted hop behind a
configured proxy), how an IPv6 client is counted, the 429's words, and a Redis outage that
lets requests through without a limit rather than failing them."""

import time

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.config import Settings
from api.main import create_app
from api.ratelimits.headers import wait_phrase
from api.ratelimits.service import RateLimits, address_key
from tests.conftest import sign_up

ITEM = {"id": "i", "platform": "facebook", "kind": "post", "audience": "public", "author": "self"}


# The windows are fixed minutes: the limiters' clock stands still 20 s into one, so no burst
# straddles two windows.
STILL = 60 * 29_000_000 + 20.0


def _still(app: FastAPI, settings: Settings) -> FastAPI:
    app.state.rate_limits = RateLimits.from_settings(settings, clock=lambda: STILL)
    return app


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    return _still(create_app(settings, engine=engine), settings)


def _client(app: FastAPI, peer: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(peer, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "explain_per_address_per_minute": 2,
            "trusted_proxies": ["10.0.0.0/8", "192.0.2.7"],
        }
    )


async def _explain_statuses(app: FastAPI, peer: str, forwarded: str | None, n: int) -> list[int]:
    headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
    async with _client(app, peer) as client:
        answers = [
            await client.post("/v1/explain", json={"items": [ITEM]}, headers=headers)
            for _ in range(n)
        ]
    return [answer.status_code for answer in answers]


async def test_behind_a_trusted_proxy_the_client_is_the_first_untrusted_hop(app: FastAPI) -> None:
    # Through two trusted hops (192.0.2.7 appended by the outer proxy, 10.1.1.1 the peer).
    chain = "203.0.113.9, 192.0.2.7"
    assert await _explain_statuses(app, "10.1.1.1", chain, 3) == [200, 200, 429]
    # Another client behind the same proxies has its own count.
    assert await _explain_statuses(app, "10.1.1.1", "203.0.113.10", 1) == [200]
    # What the client itself wrote to the left of an untrusted hop is not believed.
    assert await _explain_statuses(app, "10.1.1.1", "198.51.100.1, 203.0.113.9", 1) == [429]


async def test_an_untrusted_peer_is_counted_whatever_it_forwards(app: FastAPI) -> None:
    statuses = [
        (await _explain_statuses(app, "198.51.100.20", f"203.0.113.{n}", 1))[0] for n in range(3)
    ]

    assert statuses == [200, 200, 429]


async def test_an_ipv6_client_is_counted_by_its_64(app: FastAPI) -> None:
    first = await _explain_statuses(app, "2001:db8:1:2::1", None, 2)
    same_64 = await _explain_statuses(app, "2001:db8:1:2:ffff::9", None, 1)
    other_64 = await _explain_statuses(app, "2001:db8:1:3::1", None, 1)

    assert (first, same_64, other_64) == ([200, 200], [429], [200])


def test_address_keys() -> None:
    assert address_key("192.0.2.1") == "192.0.2.1"
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("2001:db8::1") == "2001:db8::/64"
    assert address_key("testclient") == "testclient"


def test_the_wait_is_said_in_a_persons_units() -> None:
    assert wait_phrase(40) == "40 s"
    assert wait_phrase(121) == "3 minutes"
    assert wait_phrase(3 * 3600) == "3 hours"


async def test_the_refusal_says_when_to_try_again(app: FastAPI) -> None:
    async with _client(app, "198.51.100.30") as client:
        for _ in range(2):
            await client.post("/v1/explain", json={"items": [ITEM]})
        refused = await client.post("/v1/explain", json={"items": [ITEM]})

    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert body["type"] == "urn:ai-optout:problem:rate-limited"
    wait = wait_phrase(int(refused.headers["retry-after"]))
    assert body["detail"] == f"Too many explain requests; try again in {wait}."
    assert refused.headers["ratelimit-policy"] == '"explain";q=2;w=60'
    assert refused.headers["ratelimit"] == f'"explain";r=0;t={refused.headers["retry-after"]}'


async def test_a_dead_redis_lets_every_door_through_at_once(
    settings: Settings, engine: Engine
) -> None:
    dead = settings.model_copy(
        update={"redis_url": "redis://127.0.0.1:1/0", "accounts_per_address_per_hour": 1}
    )
    app = _still(create_app(dead, engine=engine), dead)
    started = time.monotonic()
    async with _client(app, "198.51.100.40") as client:
        answers = [await client.post("/v1/accounts") for _ in range(3)]
        person = await sign_up(client)

    assert [answer.status_code for answer in answers] == [201, 201, 201]
    assert "ratelimit" not in answers[0].headers  # no count known, none claimed
    assert person.access_token
    assert time.monotonic() - started < 3


async def test_explained_items_count_too_so_few_huge_batches_are_limited(
    app: FastAPI, settings: Settings
) -> None:
    limited = settings.model_copy(
        update={"explain_per_address_per_minute": 100, "explain_items_per_address_per_minute": 1000}
    )
    app = _still(create_app(limited, engine=app.state.engine), limited)
    batch = {"items": [{**ITEM, "id": f"i{n}"} for n in range(500)]}
    async with _client(app, "198.51.100.50") as client:
        answers = [await client.post("/v1/explain", json=batch) for _ in range(3)]
        small = await client.post("/v1/explain", json={"items": [ITEM]})

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[0].headers["ratelimit-policy"] == (
        '"explain";q=100;w=60, "explain-items";q=1000;w=60'
    )
    assert answers[1].headers["ratelimit"].startswith('"explain";r=98;t=')
    assert ', "explain-items";r=0;t=' in answers[1].headers["ratelimit"]
    assert answers[2].json()["detail"].startswith("Too many explained items; try again in")
    assert "retry-after" in answers[2].headers
    assert small.status_code == 429  # the items of this minute are spent
