"""Verifying receipts: every defect gets `valid: false` and a reason, never a 500."""

import time
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from joserfc.jwk import OKPKey

from api.receipts.claims import HEAD_TYPE, RECEIPT_TYPE
from api.receipts.signing import sign
from api.receipts.verification import key_finder, verify_receipt
from tests.conftest import Person
from tests.receipts.factories import opt_out, verify

B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def altered(token: str, index: int) -> str:
    """The token with the character at `index` replaced by another base64url character."""
    old = token[index]
    new = B64URL[(B64URL.index(old) + 1) % len(B64URL)]
    return token[:index] + new + token[index + 1 :]


def claims_like(receipt_claims: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**receipt_claims, **changes}


@pytest.fixture
async def receipt(client: httpx.AsyncClient, person: Person) -> dict[str, Any]:
    return await opt_out(client, person)


@pytest.mark.parametrize("part", ["header", "payload", "signature"])
async def test_one_altered_byte_in_any_part_fails_with_a_reason(
    client: httpx.AsyncClient, receipt: dict[str, Any], part: str
) -> None:
    token = receipt["jws"]
    header, payload, _signature = token.split(".")
    middle = {
        "header": len(header) // 2,
        "payload": len(header) + 1 + len(payload) // 2,
        "signature": len(header) + len(payload) + 2 + 20,
    }[part]

    verdict = await verify(client, altered(token, middle))

    assert verdict["valid"] is False
    assert verdict["reason"]
    assert verdict["log"] == "not_checked"


async def test_no_single_character_can_change_unnoticed(
    client: httpx.AsyncClient, receipt: dict[str, Any], app: FastAPI
) -> None:
    # Every position, the last of each part too (whose low bits base64 decoders often ignore).
    token = receipt["jws"]
    find = key_finder(app.state.keyring.verification_keys())
    now = int(time.time())
    assert verify_receipt(token, find, now=now).valid

    survivors = [
        index
        for index, char in enumerate(token)
        if char != "." and verify_receipt(altered(token, index), find, now=now).valid
    ]

    assert survivors == []


async def test_a_receipt_signed_by_a_foreign_key_fails(
    client: httpx.AsyncClient, receipt: dict[str, Any], app: FastAPI
) -> None:
    claims = (await verify(client, receipt["jws"]))["claims"]
    our_kid = app.state.keyring.signing_key().kid
    impostor = OKPKey.generate_key("Ed25519", parameters={"kid": our_kid})
    stranger = OKPKey.generate_key("Ed25519", parameters={"kid": "not-ours"})

    same_kid = await verify(client, sign(impostor, typ=RECEIPT_TYPE, claims=claims))
    other_kid = await verify(client, sign(stranger, typ=RECEIPT_TYPE, claims=claims))

    assert same_kid["valid"] is False
    assert "signature" in same_kid["reason"]
    assert other_kid["valid"] is False
    assert "never published" in other_kid["reason"]
    assert other_kid["kid"] == "not-ours"


async def test_an_expired_or_future_receipt_fails(
    client: httpx.AsyncClient, receipt: dict[str, Any], app: FastAPI
) -> None:
    claims = (await verify(client, receipt["jws"]))["claims"]
    key = app.state.keyring.signing_key()
    now = int(time.time())

    expired = await verify(client, sign(key, typ=RECEIPT_TYPE, claims={**claims, "exp": now - 1}))
    future = await verify(client, sign(key, typ=RECEIPT_TYPE, claims={**claims, "iat": now + 3600}))

    assert expired == {**expired, "valid": False, "reason": "The receipt has expired."}
    assert future["valid"] is False
    assert "future" in future["reason"]


async def test_other_statements_signed_by_the_service_are_not_receipts(
    client: httpx.AsyncClient, person: Person, receipt: dict[str, Any], app: FastAPI
) -> None:
    key = app.state.keyring.signing_key()
    head = sign(key, typ=HEAD_TYPE, claims={"head": {"seq": 1, "hash": "0" * 64}})
    wrong_shape = sign(key, typ=RECEIPT_TYPE, claims={"hello": "world"})

    for token in (person.access_token, head, wrong_shape):
        verdict = await verify(client, token)
        assert verdict["valid"] is False
        assert verdict["reason"]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "garbage",
        "...",
        "a.b",
        "a.b.c",
        "a.b.c.d.e",
        "eyJ.eyJ.sig",
        "\x00\x01.\x02.\x03",
        "🙂.🙂.🙂",
        "x" * 100_000,
        "e30.e30." + "A" * 86,  # `{}` header and payload
        "WzFd.e30.AAAA",  # a JSON array as header
    ],
    ids=lambda value: repr(value[:12]),
)
async def test_malformed_receipts_get_a_verdict_not_an_error(
    client: httpx.AsyncClient, value: str
) -> None:
    verdict = await verify(client, value)

    assert verdict["valid"] is False
    assert verdict["reason"]
    assert verdict["claims"] is None


@pytest.mark.parametrize(
    "body",
    ["not json", "[]", '{"receipt": 5}', "{}", '{"receipt": "x", "more": 1}', '{"receipt": null}'],
)
async def test_only_a_body_of_the_wrong_shape_gets_422(
    client: httpx.AsyncClient, body: str
) -> None:
    response = await client.post(
        "/v1/receipts/verify", content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_verifying_needs_no_credentials(
    client: httpx.AsyncClient, receipt: dict[str, Any]
) -> None:
    response = await client.post("/v1/receipts/verify", json={"receipt": receipt["jws"]})

    assert response.status_code == 200
    assert response.json()["valid"] is True
