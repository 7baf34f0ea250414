"""Small factories for the organisation tests: an organisation with a key, a person's
preferences written through the API, and the outbox as the tests read it."""

import json
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from api.db import session_scope
from api.organisations import service
from api.organisations.keys import SCOPES
from api.webhooks.models import WebhookMessage
from tests.conftest import Person
from tests.support.preferences import whole


@dataclass
class Org:
    """An organisation and one of its keys."""

    organisation_id: str
    key: str
    key_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


def make_org(engine: Engine, *, scopes: tuple[str, ...] = SCOPES, name: str = "Rights Now") -> Org:
    with session_scope(engine) as session:
        organisation = service.create_organisation(session, name=name)
        issued = service.issue_key(session, organisation_id=organisation.id, scopes=list(scopes))
    return Org(organisation.id, issued.key, issued.id)


def issue_key(engine: Engine, org: Org, *scopes: str) -> Org:
    """Another key of the same organisation, with only `scopes`."""
    with session_scope(engine) as session:
        issued = service.issue_key(
            session, organisation_id=org.organisation_id, scopes=list(scopes)
        )
    return Org(org.organisation_id, issued.key, issued.id)


async def write_preferences(
    client: httpx.AsyncClient, person: Person, **preferences: Any
) -> dict[str, Any]:
    """Replace the person's preferences through the API (reading the ETag first)."""
    read = await client.get("/v1/me/preferences", headers=person.headers)
    written = await client.put(
        "/v1/me/preferences",
        headers={**person.headers, "If-Match": read.headers["etag"]},
        json=whole(**preferences),
    )
    assert written.status_code == 200, written.text
    body: dict[str, Any] = written.json()
    return body


def account(
    platform: str, profile: str, state: str = "not_started", **dates: str
) -> dict[str, Any]:
    objection: dict[str, Any] = {"state": state, **dates}
    return {"platform": platform, "profile": profile, "objection": objection}


async def authorise(client: httpx.AsyncClient, person: Person, org: Org) -> httpx.Response:
    return await client.post(
        "/v1/me/authorisations",
        headers=person.headers,
        json={"organisation_id": org.organisation_id},
    )


def queued(engine: Engine, type: str | None = None) -> list[dict[str, Any]]:
    """The outbox's messages (oldest first) as {type, data, endpoint_id, status}."""
    with session_scope(engine, write=False) as session:
        query = select(WebhookMessage).order_by(
            col(WebhookMessage.created_at), col(WebhookMessage.id)
        )
        if type is not None:
            query = query.where(col(WebhookMessage.type) == type)
        rows = list(session.exec(query))
    return [
        {
            "id": row.id,
            "type": row.type,
            "data": json.loads(row.body)["data"],
            "endpoint_id": row.endpoint_id,
            "status": row.status,
        }
        for row in rows
    ]
