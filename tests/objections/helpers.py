"""What the objection tests ask: the timeline of a person's objection, and a step of it."""

from typing import Any

import httpx

from tests.conftest import Person
from tests.receipts.factories import put_preferences

TIMELINE = "/v1/me/objection-timeline"


def with_objection(account: dict[str, str], **objection: str) -> dict[str, Any]:
    return {**account, "objection": objection}


async def timeline(client: httpx.AsyncClient, person: Person, **preferences: Any) -> Any:
    assert (await put_preferences(client, person, **preferences)).status_code == 200
    response = await client.get(TIMELINE, headers=person.headers)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    return response.json()


STEPS = "/v1/me/objections/{platform}/steps"


async def step(
    client: httpx.AsyncClient, person: Person, platform: str = "facebook", **body: Any
) -> httpx.Response:
    return await client.post(STEPS.format(platform=platform), json=body, headers=person.headers)
