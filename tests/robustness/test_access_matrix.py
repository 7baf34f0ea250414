"""Access control for every operation: one table, every actor, the documented status.

A new operation without a row here fails the test: add its row, stating who may call it.
"""

import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.examples import EXAMPLES_KEY
from api.page_reports import examples as page_report_examples
from tests.recovery.world import WRONG_CODES
from tests.robustness.access import (
    OUTSIDERS,
    Actor,
    Call,
    CallFor,
    Row,
    World,
    everyone,
    group_only,
    make_world,
    operator_only,
    person_only,
    served_operations,
)


def _documented_report() -> Any:
    return json.loads(page_report_examples.SEND_REPORT[EXAMPLES_KEY])["request"]


def _body(json: Any) -> Any:
    return lambda _world, _actor: Call(json=json)


def _merge_patch(patch: dict[str, Any]) -> CallFor:
    headers = {"Content-Type": "application/merge-patch+json"}
    return lambda _world, _actor: Call(json=patch, headers=headers)


def _refresh(world: World, actor: Actor) -> Call:
    person = world.person(actor)
    token = person.refresh_token if person else "0" * 32 + ".nosuchsecret"
    return Call(json={"refresh_token": token})


def _verify(world: World, _actor: Actor) -> Call:
    return Call(json={"receipt": world.ids["receipt"]})


def _join(world: World, _actor: Actor) -> Call:
    return Call(json={"code": world.ids["join_code"]})


def _authorise_other_group(world: World, _actor: Actor) -> Call:
    return Call(json={"organisation_id": world.ids["other_organisation_id"]})


def _check_owner(world: World, _actor: Actor) -> Call:
    return Call(json={"platform": "facebook", "ids": [world.marker]})


def _letter(_world: World, _actor: Actor) -> Call:
    return Call(query={"platform": "facebook"})


def _passkey_registration(world: World, _actor: Actor) -> Call:
    return Call(json=world.ids["passkey_registration"])  # the owner's challenge: only theirs


def _passkey_sign_in(world: World, actor: Actor) -> Call:
    # Whoever holds the owner's authenticator signs in as the owner, whatever else they send.
    return Call(json=world.ids["passkey_sign_ins"][[*OUTSIDERS_FIRST, Actor.OWNER].index(actor)])


def _code(kind: str) -> CallFor:
    # The owner holds a live code; everyone else presents one that was never issued.
    def call(world: World, actor: Actor) -> Call:
        code = world.ids[kind] if actor is Actor.OWNER else WRONG_CODES[kind]
        return Call(json={"code": code})

    return call


def code_holder_only(status: int) -> dict[Actor, int]:
    """A public sign-in by code: only whoever holds the owner's code gets in."""
    return {**dict.fromkeys(Actor, 401), Actor.OWNER: status}


PREFERENCES = {"region": "FR", "accounts": [], "scope": "all", "listed": False}
STEP = {"state": "submitted", "on": "2025-05-20"}
HOOK = {"url": "https://hooks.example.org/new", "events": ["member.revoked"]}

OUTSIDERS_FIRST = [actor for actor in Actor if actor is not Actor.OWNER]

MATRIX: dict[tuple[str, str], Row] = {
    # Open to everyone: health, keys, policies, the chain's public head and proofs.
    # The web page and what it loads: for anyone, and nothing in them is anyone's data.
    ("GET", "/"): Row(everyone(200), public=True),
    ("GET", "/act"): Row(everyone(200), public=True),
    ("GET", "/download"): Row(everyone(200), public=True),
    ("GET", "/site/countries.json"): Row(everyone(200), public=True),
    ("GET", "/healthz"): Row(everyone(200), public=True),
    # The extension's page rules (none published in this world) and page reports (anyone may
    # send one; only the operator reads them).
    ("GET", "/v1/page-rules"): Row(everyone(404), public=True),
    ("POST", "/v1/page-reports"): Row(everyone(202), call=_body(_documented_report())),
    ("GET", "/readyz"): Row(everyone(200), public=True),
    ("GET", "/metrics"): Row(everyone(200), public=True),
    ("GET", "/.well-known/jwks.json"): Row(everyone(200), public=True),
    ("GET", "/v1/policies"): Row(everyone(200), public=True),
    ("GET", "/v1/policies/changes"): Row(everyone(200), public=True),
    ("GET", "/v1/policies/{policy_id}"): Row(everyone(200), public=True),
    ("GET", "/v1/ledger/head"): Row(everyone(200), public=True),
    ("GET", "/v1/ledger/proof/{seq}"): Row(everyone(200), public=True),
    ("POST", "/v1/receipts/verify"): Row(everyone(200), call=_verify, public=True),
    ("POST", "/v1/accounts"): Row(everyone(201), public=True),
    # Explain needs no sign-in; a token that is not a person's is refused, not ignored.
    ("POST", "/v1/explain"): Row(
        {**person_only(200), Actor.ANONYMOUS: 200},
        call=_body(
            {
                "items": [
                    {
                        "id": "a",
                        "platform": "facebook",
                        "kind": "post",
                        "audience": "public",
                        "author": "self",
                    }
                ]
            }
        ),
    ),
    # A person's own data.
    ("POST", "/v1/auth/refresh"): Row(person_only(200), call=_refresh),
    ("POST", "/v1/auth/sign-out"): Row(person_only(204)),
    ("GET", "/v1/me/sessions"): Row(person_only(200)),
    ("GET", "/v1/me/credentials"): Row(person_only(200)),
    ("DELETE", "/v1/me/sessions/{session_id}"): Row(person_only(204, other=404)),
    ("GET", "/v1/me/export"): Row(person_only(200)),
    ("DELETE", "/v1/me"): Row(person_only(204)),
    ("GET", "/v1/me/preferences"): Row(person_only(200)),
    ("GET", "/v1/me/preferences.aipref"): Row(person_only(200)),
    ("PUT", "/v1/me/preferences"): Row(person_only(200), call=_body(PREFERENCES)),
    ("PATCH", "/v1/me/preferences"): Row(person_only(200), call=_merge_patch({"listed": True})),
    ("GET", "/v1/me/history"): Row(person_only(200)),
    ("GET", "/v1/me/receipts"): Row(person_only(200)),
    ("GET", "/v1/me/receipts/{receipt_id}"): Row(person_only(200, other=404)),
    ("POST", "/v1/me/objections/{platform}/steps"): Row(
        person_only(200, other=404), call=_body(STEP)
    ),
    ("GET", "/v1/me/objection-letter"): Row(person_only(200, other=409), call=_letter),
    ("POST", "/v1/me/objection-letter"): Row(person_only(200, other=409), call=_letter),
    ("GET", "/v1/me/objection-timeline"): Row(person_only(200)),
    ("GET", "/v1/me/evidence-pack"): Row(person_only(200)),
    ("GET", "/v1/me/profiles"): Row(person_only(200)),
    # The owner lists the profile: only they get a code. No code was asked for in the world, so
    # reading, checking (no page is fetched) or withdrawing its proof is 404 for everyone.
    ("POST", "/v1/me/profiles/{platform}/{profile}/proof"): Row(person_only(201, other=404)),
    ("GET", "/v1/me/profiles/{platform}/{profile}/proof"): Row(person_only(404)),
    ("DELETE", "/v1/me/profiles/{platform}/{profile}/proof"): Row(person_only(404)),
    ("POST", "/v1/me/profiles/{platform}/{profile}/proof/check"): Row(person_only(404)),
    ("GET", "/v1/me/authorisations"): Row(person_only(200)),
    ("POST", "/v1/me/authorisations"): Row(person_only(201), call=_authorise_other_group),
    ("DELETE", "/v1/me/authorisations/{organisation_id}"): Row(person_only(204, other=404)),
    ("GET", "/v1/me/campaigns"): Row(person_only(200)),
    ("POST", "/v1/me/campaigns"): Row(person_only(200, other=201), call=_join),  # owner: joined
    ("DELETE", "/v1/me/campaigns/{campaign_id}"): Row(person_only(204, other=404)),
    ("POST", "/v1/me/passkeys/registration-options"): Row(person_only(200)),
    ("POST", "/v1/me/passkeys"): Row(person_only(201, other=400), call=_passkey_registration),
    ("GET", "/v1/me/passkeys"): Row(person_only(200)),
    ("PATCH", "/v1/me/passkeys/{passkey_id}"): Row(
        person_only(200, other=404), call=_body({"label": "Renamed"})
    ),
    ("DELETE", "/v1/me/passkeys/{passkey_id}"): Row(person_only(204, other=404)),
    ("POST", "/v1/auth/passkey/options"): Row(everyone(200), public=True),
    ("POST", "/v1/auth/passkey"): Row(everyone(200), call=_passkey_sign_in, public=True),
    ("GET", "/v1/auth/oidc/providers"): Row(everyone(200), public=True),
    # Linking needs a person (no provider is configured here: a person's call stops at the
    # redirect URI); finishing needs no token, but a token that is not a person's is refused.
    ("POST", "/v1/auth/oidc/{provider}/start"): Row(
        person_only(400), call=_body({"purpose": "link", "redirect_uri": "https://x.example/"})
    ),
    ("POST", "/v1/auth/oidc/{provider}/finish"): Row(
        {**person_only(404), Actor.ANONYMOUS: 404}, call=_body({"code": "c", "state": "s"})
    ),
    ("GET", "/v1/me/oidc-identities"): Row(person_only(200)),
    ("DELETE", "/v1/me/oidc-identities/{identity_id}"): Row(person_only(204, other=404)),
    ("POST", "/v1/me/recovery-codes"): Row(person_only(201)),
    ("GET", "/v1/me/recovery-codes"): Row(person_only(200)),
    ("POST", "/v1/auth/recovery"): Row(code_holder_only(200), call=_code("recovery_code")),
    ("POST", "/v1/me/link-codes"): Row(person_only(201)),
    ("POST", "/v1/auth/link"): Row(code_holder_only(200), call=_code("link_code")),
    # A group's API, by key and scope; another group sees only its own.
    ("GET", "/v1/org"): Row(owner="group", expect=group_only(200, unscoped=200)),
    ("GET", "/v1/org/members"): Row(owner="group", expect=group_only(200), scope="members:read"),
    ("GET", "/v1/org/stats"): Row(owner="group", expect=group_only(200), scope="stats:read"),
    ("GET", "/v1/org/exports/{dataset}"): Row(
        owner="group", expect=group_only(200), scope="exports:read"
    ),
    ("GET", "/v1/org/campaigns"): Row(
        owner="group", expect=group_only(200), scope="campaigns:read"
    ),
    ("POST", "/v1/org/campaigns"): Row(
        owner="group",
        expect=group_only(201),
        scope="campaigns:write",
        call=_body({"name": "Another"}),
    ),
    ("GET", "/v1/org/campaigns/{campaign_id}"): Row(
        owner="group", expect=group_only(200, group=404), scope="campaigns:read"
    ),
    ("DELETE", "/v1/org/campaigns/{campaign_id}"): Row(
        owner="group", expect=group_only(200, group=404), scope="campaigns:write"
    ),
    ("GET", "/v1/org/webhooks"): Row(owner="group", expect=group_only(200), scope="webhooks:write"),
    ("POST", "/v1/org/webhooks"): Row(
        owner="group", expect=group_only(201), scope="webhooks:write", call=_body(HOOK)
    ),
    ("DELETE", "/v1/org/webhooks/{endpoint_id}"): Row(
        owner="group", expect=group_only(204, group=404), scope="webhooks:write"
    ),
    ("GET", "/v1/org/webhooks/{endpoint_id}/deliveries"): Row(
        owner="group", expect=group_only(200, group=404), scope="webhooks:write"
    ),
    ("POST", "/v1/org/webhooks/{endpoint_id}/test"): Row(
        owner="group", expect=group_only(202, group=404), scope="webhooks:write"
    ),
    ("POST", "/v1/org/webhooks/{endpoint_id}/deliveries/{message_id}/redeliver"): Row(
        owner="group", expect=group_only(409, group=404), scope="webhooks:write"
    ),
    ("POST", "/v1/org/webhooks/{endpoint_id}/secret"): Row(
        owner="group", expect=group_only(200, group=404), scope="webhooks:write"
    ),
    ("POST", "/v1/checks"): Row(
        owner="group", expect=group_only(200), scope="checks:read", call=_check_owner
    ),
    # The operator's admin API.
    ("POST", "/v1/admin/organisations"): Row(
        operator_only(201), owner="operator", call=_body({"name": "New group"})
    ),
    ("POST", "/v1/admin/organisations/{organisation_id}/keys"): Row(
        operator_only(201), owner="operator", call=_body({"scopes": ["stats:read"]})
    ),
    ("DELETE", "/v1/admin/keys/{key_id}"): Row(operator_only(200), owner="operator"),
    ("GET", "/v1/admin/page-reports"): Row(operator_only(200), owner="operator"),
}


def test_every_served_operation_has_a_row_in_the_access_matrix(app: FastAPI) -> None:
    served = served_operations(app)

    missing = sorted(served - MATRIX.keys())
    stale = sorted(MATRIX.keys() - served)

    assert not missing, f"operations without an access-control row: {missing}"
    assert not stale, f"rows for operations the app no longer serves: {stale}"


@pytest.mark.parametrize("operation", sorted(MATRIX), ids=" ".join)
async def test_each_actor_gets_the_documented_status(
    client: httpx.AsyncClient, engine: Engine, operation: tuple[str, str]
) -> None:
    method, path = operation
    row = MATRIX[operation]
    wrong: list[str] = []
    world = await make_world(client, engine, scope=row.scope, owner_kind=row.owner)
    # The owner goes last: its call may sign out, delete or revoke. Everyone else's call must
    # leave the owner's world as it was (or the owner's expected status fails).
    for actor in [*OUTSIDERS_FIRST, Actor.OWNER]:
        call = row.call(world, actor)
        headers = {**world.headers(actor), **call.headers}
        if method in {"PUT", "PATCH"} and path == "/v1/me/preferences":
            headers |= await _if_match(client, world, actor)
        response = await client.request(
            method, path.format(**world.ids), headers=headers, json=call.json, params=call.query
        )
        if response.status_code != row.expect[actor]:
            wrong.append(f"{actor.value}: {response.status_code} {response.text[:300]}")
        if actor in OUTSIDERS and not row.public:
            leaked = [secret for secret in world.secrets_of_owner() if secret in response.text]
            assert not leaked, f"{actor.value} read the owner's {leaked} from {method} {path}"
        if response.status_code >= 400:
            assert response.headers["content-type"] == "application/problem+json"

    assert not wrong, f"{method} {path}: expected {row.expect}, got:\n" + "\n".join(wrong)


async def _if_match(client: httpx.AsyncClient, world: World, actor: Actor) -> dict[str, str]:
    """If-Match for the actor's own preferences (or a plausible one for non-persons)."""
    person = world.person(actor)
    if person is None:
        return {"If-Match": '"v2"'}
    read = await client.get("/v1/me/preferences", headers=person.headers)
    return {"If-Match": read.headers["etag"]}
