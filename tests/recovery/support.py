"""Small helpers the recovery and link tests share."""

from typing import Any

import httpx
from fastapi import FastAPI

from api.config import Settings
from api.recovery.limits import CodeAttempts
from tests.conftest import Person

# The limiters count in fixed one-minute windows: tests hold their clock still, 20 s into a
# minute, so a burst of attempts never straddles two windows.
STILL = 60 * 29_000_000 + 20.0


def hold_limiter_clock(app: FastAPI, settings: Settings) -> FastAPI:
    app.state.code_attempts = CodeAttempts.from_settings(settings, clock=lambda: STILL)
    return app


async def recovery_codes(client: httpx.AsyncClient, person: Person) -> list[str]:
    response = await client.post("/v1/me/recovery-codes", headers=person.headers)
    assert response.status_code == 201, response.text
    codes: list[str] = response.json()["codes"]
    return codes


async def link_code(client: httpx.AsyncClient, person: Person) -> dict[str, Any]:
    response = await client.post("/v1/me/link-codes", headers=person.headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def comparable(response: httpx.Response) -> tuple[int, Any, dict[str, str]]:
    """Everything an answer tells a client, minus what differs on every request."""
    headers = {
        name: value
        for name, value in response.headers.items()
        if name not in {"x-request-id", "date", "content-length"}
    }
    return response.status_code, response.json(), headers


async def history_types(client: httpx.AsyncClient, person: Person) -> list[str]:
    response = await client.get("/v1/me/history", headers=person.headers)
    assert response.status_code == 200, response.text
    return [entry["type"] for entry in response.json()["entries"]]
