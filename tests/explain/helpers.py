"""What the explain tests send: one public post of the person's own, and a call that expects
an answer."""

from typing import Any

import httpx

PUBLIC_POST: dict[str, Any] = {
    "id": "p1",
    "platform": "facebook",
    "kind": "post",
    "audience": "public",
    "created_at": "2021-05-03",
    "author": "self",
    "author_age": "adult",
}
# The public post, judged in Germany on a fixed day.
BODY: dict[str, Any] = {"region": "DE", "as_of": "2026-01-15", "items": [PUBLIC_POST]}


def item(**changes: Any) -> dict[str, Any]:
    return {**PUBLIC_POST, **changes}


async def explain(client: httpx.AsyncClient, body: dict[str, Any], **kwargs: Any) -> Any:
    response = await client.post("/v1/explain", json=body, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()
