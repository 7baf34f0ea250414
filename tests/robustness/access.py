"""Who may call what: the actors of the access-control matrix and the world they act in.

Each row of the matrix (test_access_matrix.py) names one operation and the status every actor
must get. A world is built fresh for each call, so a destructive call (sign-out, deletion,
revocation) never changes what the next actor sees.
"""

import enum
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy.engine import Engine

from api.db import session_scope
from api.organisations import service as organisations
from api.organisations.keys import SCOPES
from tests.conftest import Person, sign_up
from tests.oidc.world import identity_ids
from tests.passkeys.world import passkey_ids
from tests.recovery.world import code_ids

OPERATOR_TOKEN = "operator-" + secrets.token_hex(16)
OPERATOR_TOKEN_HASH = hashlib.sha256(OPERATOR_TOKEN.encode()).hexdigest()


class Actor(enum.Enum):
    ANONYMOUS = "anonymous"
    OTHER_PERSON = "another person"
    ORG_KEY_WITHOUT_SCOPE = "the organisation's key without the scope"
    GROUP_NOT_AUTHORISED = "a group the person has not authorised"
    OWNER = "the owner"


# Those who must never read the owner's data (the under-scoped key belongs to the owner's group).
OUTSIDERS = {Actor.ANONYMOUS, Actor.OTHER_PERSON, Actor.GROUP_NOT_AUTHORISED}


@dataclass
class World:
    """A person (the owner) who linked accounts, authorised a group and joined its campaign;
    that group with a full key and an under-scoped one; another person; another group."""

    owner: Person
    other: Person
    group_key: str = ""  # the owner's group, every scope
    unscoped_key: str = ""  # the owner's group, every scope but the row's
    other_group_key: str = ""  # a group the owner never authorised, every scope
    marker: str = field(default_factory=lambda: "owner" + secrets.token_hex(6))
    ids: dict[str, Any] = field(default_factory=dict)
    # Whose credentials "the owner" presents on this row: the person's, the group's or the
    # operator's (the resource's owner in each case).
    owner_kind: str = "person"

    def headers(self, actor: Actor) -> dict[str, str]:
        owner = {
            "person": self.owner.access_token,
            "group": self.group_key,
            "operator": OPERATOR_TOKEN,
        }[self.owner_kind]
        bearer = {
            Actor.ANONYMOUS: None,
            Actor.OTHER_PERSON: self.other.access_token,
            Actor.ORG_KEY_WITHOUT_SCOPE: self.unscoped_key,
            Actor.GROUP_NOT_AUTHORISED: self.other_group_key,
            Actor.OWNER: owner,
        }[actor]
        return {} if bearer is None else {"Authorization": f"Bearer {bearer}"}

    def person(self, actor: Actor) -> Person | None:
        return {Actor.OWNER: self.owner, Actor.OTHER_PERSON: self.other}.get(actor)

    def secrets_of_owner(self) -> list[str]:
        """What no outsider's answer may contain."""
        return [self.owner.account_id, self.marker]


def _issue(engine: Engine, organisation_id: str, scopes: list[str]) -> str:
    with session_scope(engine) as session:
        return organisations.issue_key(
            session, organisation_id=organisation_id, scopes=scopes, name="matrix"
        ).key


def _organisation(engine: Engine, name: str) -> str:
    with session_scope(engine) as session:
        return organisations.create_organisation(session, name=name).id


async def make_world(
    client: httpx.AsyncClient, engine: Engine, *, scope: str | None, owner_kind: str
) -> World:
    world = World(owner=await sign_up(client), other=await sign_up(client))
    world.owner_kind = owner_kind
    group, other_group = _organisation(engine, "Group"), _organisation(engine, "Other group")
    world.group_key = _issue(engine, group, list(SCOPES))
    world.unscoped_key = _issue(engine, group, [s for s in SCOPES if s != scope] or [SCOPES[0]])
    world.other_group_key = _issue(engine, other_group, list(SCOPES))
    owner = world.owner.headers
    group_headers = {"Authorization": f"Bearer {world.group_key}"}

    read = await client.get("/v1/me/preferences", headers=owner)
    written = await client.put(
        "/v1/me/preferences",
        headers={**owner, "If-Match": read.headers["etag"]},
        json={
            "region": "DE",
            "accounts": [
                {"platform": "facebook", "profile": world.marker},
                {"platform": "instagram", "profile": world.marker},
            ],
            "scope": "all",
            "listed": False,
        },
    )
    assert written.status_code == 200, written.text
    step = await client.post(
        "/v1/me/objections/facebook/steps",
        headers=owner,
        json={"state": "submitted", "on": "2025-05-20", "profile": world.marker},
    )
    assert step.status_code == 200, step.text
    authorised = await client.post(
        "/v1/me/authorisations", headers=owner, json={"organisation_id": group}
    )
    assert authorised.status_code in {200, 201}, authorised.text
    campaign = await client.post(
        "/v1/org/campaigns", headers=group_headers, json={"name": "Object before the deadline"}
    )
    assert campaign.status_code == 201, campaign.text
    joined = await client.post(
        "/v1/me/campaigns", headers=owner, json={"code": campaign.json()["join_code"]}
    )
    assert joined.status_code in {200, 201}, joined.text
    hook = await client.post(
        "/v1/org/webhooks",
        headers=group_headers,
        json={"url": "https://hooks.example.org/matrix", "events": ["member.authorised"]},
    )
    assert hook.status_code == 201, hook.text
    hook_test = await client.post(
        f"/v1/org/webhooks/{hook.json()['id']}/test", headers=group_headers
    )
    assert hook_test.status_code == 202, hook_test.text
    receipts = await client.get("/v1/me/receipts", headers=owner)
    policies = await client.get("/v1/policies")
    world.ids = {
        "organisation_id": group,
        "other_organisation_id": other_group,
        "campaign_id": campaign.json()["id"],
        "join_code": campaign.json()["join_code"],
        "endpoint_id": hook.json()["id"],
        "message_id": hook_test.json()["id"],  # pending: the owner's redelivery is refused
        "receipt_id": _first_receipt_id(receipts.json()),
        "receipt": _first_receipt(receipts.json()),
        "policy_id": _first_policy_id(policies.json()),
        "seq": 1,
        "platform": "facebook",
        "profile": world.marker,  # listed by the owner, not proved
        "dataset": "members",
        "key_id": world.unscoped_key.split("_")[1],
        "session_id": world.owner.refresh_token.partition(".")[0],
    }
    world.ids |= await passkey_ids(client, world.owner, actors=len(Actor))
    world.ids |= identity_ids(engine, world.owner)
    world.ids |= await code_ids(client, world.owner)
    return world


def _entries(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, list):
        return body
    for value in body.values():
        if isinstance(value, list):
            return value
    return []


def _first_receipt_id(body: Any) -> str:
    return str(_entries(body)[0]["id"])


def _first_receipt(body: Any) -> str:
    first = _entries(body)[0]
    return str(first.get("receipt") or first.get("jws") or "")


def _first_policy_id(body: Any) -> str:
    return str(_entries(body)[0]["id"])


@dataclass(frozen=True)
class Call:
    """One request as an actor sends it (the path's {names} come from the world's ids)."""

    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)


CallFor = Callable[[World, Actor], Call]


@dataclass(frozen=True)
class Row:
    """The status each actor must get from one operation, and how to call it."""

    expect: dict[Actor, int]
    call: CallFor = lambda _world, _actor: Call()
    # The organisation scope the operation needs, if any.
    scope: str | None = None
    # Public data (e.g. the published keys) may be the same for everyone.
    public: bool = False
    owner: str = "person"  # or "group" (its full key) or "operator" (the admin token)


def everyone(status: int) -> dict[Actor, int]:
    return dict.fromkeys(Actor, status)


def person_only(owner: int, *, other: int | None = None) -> dict[Actor, int]:
    """An operation on the caller's own data: a person gets their own, keys get 401."""
    return {
        Actor.ANONYMOUS: 401,
        Actor.OTHER_PERSON: owner if other is None else other,
        Actor.ORG_KEY_WITHOUT_SCOPE: 401,
        Actor.GROUP_NOT_AUTHORISED: 401,
        Actor.OWNER: owner,
    }


def group_only(owner: int, *, group: int | None = None, unscoped: int = 403) -> dict[Actor, int]:
    """An operation of a group's API key: persons get 401; another group its own (or 404)."""
    return {
        Actor.ANONYMOUS: 401,
        Actor.OTHER_PERSON: 401,
        Actor.ORG_KEY_WITHOUT_SCOPE: unscoped,
        Actor.GROUP_NOT_AUTHORISED: owner if group is None else group,
        Actor.OWNER: owner,
    }


def operator_only(owner: int) -> dict[Actor, int]:
    return {**dict.fromkeys(Actor, 401), Actor.OWNER: owner}


# Served but deliberately left out of the OpenAPI document: the document and its viewers.
UNDOCUMENTED_BY_DESIGN = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def served_operations(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the app answers: the OpenAPI document plus hidden API routes."""
    operations = {
        (method.upper(), path)
        for path, item in app.openapi()["paths"].items()
        for method in item
        if method in {"get", "put", "post", "delete", "patch"}
    }
    for context in iter_route_contexts(app.routes):  # included routers, walked to their routes
        route, path = context.original_route, context.path_format
        if isinstance(route, APIRoute) and path and path not in UNDOCUMENTED_BY_DESIGN:
            methods = cast(set[str], route.methods)  # FastAPI fills it (GET when none is named)
            operations |= {(method, path) for method in methods - {"HEAD"}}
    return operations
