"""Small builders shared by the evidence tests: preferences writes, a person's opt-out, and
reading a receipt's claims."""

import base64
import json
from typing import Any

import httpx

from tests.conftest import Person
from tests.support.preferences import whole

FACEBOOK = {"platform": "facebook", "profile": "https://www.facebook.com/jane.doe"}
INSTAGRAM = {"platform": "instagram", "profile": "@jane_doe"}


async def put_preferences(client: httpx.AsyncClient, person: Person, **body: Any) -> httpx.Response:
    """Read the current ETag and replace the preferences with `body`."""
    current = await client.get("/v1/me/preferences", headers=person.headers)
    assert current.status_code == 200, current.text
    headers = {**person.headers, "If-Match": current.headers["etag"]}
    return await client.put("/v1/me/preferences", json=whole(**body), headers=headers)


async def opt_out(
    client: httpx.AsyncClient, person: Person, *, region: str = "DE", **extra: Any
) -> dict[str, Any]:
    """Record an opt-out covering one Facebook account; returns the receipt it got."""
    body: dict[str, Any] = {"region": region, "accounts": [FACEBOOK], **extra}
    response = await put_preferences(client, person, **body)
    assert response.status_code == 200, response.text
    receipt = response.json()["receipt"]
    assert receipt is not None
    return dict(receipt)


async def verify(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    response = await client.post("/v1/receipts/verify", json={"receipt": token})
    assert response.status_code == 200, response.text
    return dict(response.json())


def claims_of(token: str) -> dict[str, Any]:  # a JWS payload: decoded JSON
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))
