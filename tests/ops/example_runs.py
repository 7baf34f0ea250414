"""Running the OpenAPI document's examples: every operation, in the order a person, a group and
the operator would call them, each sent as documented (path, query, headers, body).

Only values the service assigns are filled in (`FILLED`): ids, tokens, codes, ETags, and the
two passkey ceremonies, whose bodies are signatures over a challenge the service just made.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import col

from api.db import session_scope
from api.webhooks.models import WebhookMessage
from tests.conftest import Person
from tests.robustness.access import OPERATOR_TOKEN, World
from tests.support.profiles import ProfilePages

# Every operation, in an order where each finds the state it needs and leaves it for the next.
ORDER = [
    *("GET /healthz", "GET /readyz", "GET /metrics", "GET /.well-known/jwks.json"),
    *("GET /v1/policies", "GET /v1/policies/changes", "GET /v1/policies/{policy_id}"),
    "GET /v1/auth/oidc/providers",
    *("GET /v1/page-rules", "POST /v1/page-reports"),
    *("POST /v1/accounts", "GET /v1/me/preferences", "PUT /v1/me/preferences"),
    *("PATCH /v1/me/preferences", "GET /v1/me/preferences.aipref", "POST /v1/explain"),
    *("GET /v1/me/objection-letter", "POST /v1/me/objection-letter"),
    *("POST /v1/me/objections/{platform}/steps", "GET /v1/me/objection-timeline"),
    *("GET /v1/me/evidence-pack", "GET /v1/me/history", "GET /v1/me/receipts"),
    *("GET /v1/me/receipts/{receipt_id}", "POST /v1/receipts/verify", "GET /v1/ledger/head"),
    *("GET /v1/ledger/proof/{seq}", "GET /v1/me/profiles"),
    *("POST /v1/me/profiles/{platform}/{profile}/proof",),
    *("GET /v1/me/profiles/{platform}/{profile}/proof",),
    *("POST /v1/me/profiles/{platform}/{profile}/proof/check",),
    *("POST /v1/me/passkeys/registration-options", "POST /v1/me/passkeys"),
    *("GET /v1/me/passkeys", "PATCH /v1/me/passkeys/{passkey_id}"),
    *("POST /v1/auth/passkey/options", "POST /v1/auth/passkey", "GET /v1/me/credentials"),
    *("GET /v1/me/recovery-codes", "POST /v1/me/recovery-codes", "POST /v1/auth/recovery"),
    *("POST /v1/me/link-codes", "POST /v1/auth/link", "GET /v1/me/sessions"),
    *("DELETE /v1/me/sessions/{session_id}", "POST /v1/auth/refresh"),
    *("GET /v1/me/oidc-identities", "DELETE /v1/me/oidc-identities/{identity_id}"),
    *("GET /v1/me/export", "POST /v1/me/authorisations", "GET /v1/me/authorisations"),
    *("GET /v1/org", "GET /v1/org/members", "POST /v1/org/campaigns", "GET /v1/org/campaigns"),
    *("GET /v1/org/campaigns/{campaign_id}", "POST /v1/me/campaigns", "GET /v1/me/campaigns"),
    *("GET /v1/org/stats", "POST /v1/checks", "GET /v1/org/exports/{dataset}"),
    *("POST /v1/org/webhooks", "GET /v1/org/webhooks", "POST /v1/org/webhooks/{endpoint_id}/test"),
    "GET /v1/org/webhooks/{endpoint_id}/deliveries",
    "POST /v1/org/webhooks/{endpoint_id}/deliveries/{message_id}/redeliver",
    *("POST /v1/org/webhooks/{endpoint_id}/secret", "DELETE /v1/org/webhooks/{endpoint_id}"),
    *("DELETE /v1/me/campaigns/{campaign_id}", "DELETE /v1/org/campaigns/{campaign_id}"),
    *("DELETE /v1/me/authorisations/{organisation_id}", "GET /v1/admin/page-reports"),
    "POST /v1/admin/organisations",
    *("POST /v1/admin/organisations/{organisation_id}/keys", "DELETE /v1/admin/keys/{key_id}"),
    *("DELETE /v1/me/profiles/{platform}/{profile}/proof", "DELETE /v1/me/passkeys/{passkey_id}"),
    *("POST /v1/auth/sign-out", "DELETE /v1/me"),
]
# Not run, and why: they need a real OpenID Connect provider's round trip (tests/oidc has one).
NOT_RUN = {
    "POST /v1/auth/oidc/{provider}/start": "needs a configured OpenID Connect provider",
    "POST /v1/auth/oidc/{provider}/finish": "needs the provider's authorisation code",
}


@dataclass
class Run:
    """The world the examples run in, and what earlier answers assigned."""

    client: httpx.AsyncClient
    engine: Engine
    world: World
    pages: ProfilePages
    assigned: dict[str, Any] = field(default_factory=dict)

    @property
    def person(self) -> Person:
        return self.world.owner


@dataclass(frozen=True)
class Request:
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None


Fill = Callable[[Run, Request], None]


def _etag(run: Run, request: Request) -> None:
    request.headers["if-match"] = run.assigned["etag"]


def _ids(**names: str) -> Fill:
    def fill(run: Run, request: Request) -> None:
        for name, key in names.items():
            value = run.assigned.get(key, run.world.ids.get(key, getattr(run.person, key, None)))
            (request.path if name in request.path else request.body)[name] = value

    return fill


def _ceremony(key: str) -> Fill:
    def fill(run: Run, request: Request) -> None:
        value = run.world.ids[key]
        request.body.clear()
        request.body.update(value[0] if isinstance(value, list) else value)

    return fill


def _dead_message(run: Run, request: Request) -> None:
    # Only a message whose every attempt failed can be redelivered: this one has.
    message_id = run.assigned["message_id"]
    dead = update(WebhookMessage).where(col(WebhookMessage.id) == message_id)
    with session_scope(run.engine) as session:
        session.execute(dead.values(status="dead"))
    _ids(endpoint_id="endpoint_id", message_id="message_id")(run, request)


def _published_rules(run: Run, request: Request) -> None:
    # What the operator's `ai-optout page-rules publish` would have stored and signed.
    from api.page_rules import service
    from api.signing.keyring import KeyRing

    keyring = KeyRing(run.engine)
    keyring.prime()
    document = service.parse(
        '{"version": 1, "issued_at": "2026-12-05T06:00:00Z", "rules": {"A": []}}'
    )
    with session_scope(run.engine) as session:
        service.publish(session, document=document, key=keyring.signing_key())


# What the runner fills in, by operation: only what the service assigned.
FILLED: dict[str, tuple[str, Fill]] = {
    "GET /v1/page-rules": ("a rules document the operator published", _published_rules),
    "PUT /v1/me/preferences": ("If-Match: the ETag the person just read", _etag),
    "PATCH /v1/me/preferences": ("If-Match: the ETag the person just read", _etag),
    "GET /v1/me/receipts/{receipt_id}": ("a receipt's id", _ids(receipt_id="receipt_id")),
    "POST /v1/receipts/verify": ("a receipt the service signed", _ids(receipt="receipt")),
    "POST /v1/me/passkeys": (
        "a registration over a fresh challenge",
        _ceremony("passkey_registration"),
    ),
    "PATCH /v1/me/passkeys/{passkey_id}": ("the passkey's id", _ids(passkey_id="passkey_id")),
    "DELETE /v1/me/passkeys/{passkey_id}": ("the passkey's id", _ids(passkey_id="passkey_id")),
    "POST /v1/auth/passkey": ("a sign-in over a fresh challenge", _ceremony("passkey_sign_ins")),
    "POST /v1/auth/recovery": ("a recovery code the person was given", _ids(code="recovery_code")),
    "POST /v1/auth/link": ("the link code just issued", _ids(code="link_code")),
    "DELETE /v1/me/sessions/{session_id}": (
        "the linked device's sign-in",
        _ids(session_id="linked_session"),
    ),
    "POST /v1/auth/refresh": ("the person's refresh token", _ids(refresh_token="refresh_token")),
    "DELETE /v1/me/oidc-identities/{identity_id}": (
        "the linked identity's id",
        _ids(identity_id="identity_id"),
    ),
    "POST /v1/me/authorisations": ("the group's id", _ids(organisation_id="organisation_id")),
    "DELETE /v1/me/authorisations/{organisation_id}": (
        "the group's id",
        _ids(organisation_id="organisation_id"),
    ),
    "GET /v1/org/campaigns/{campaign_id}": (
        "the new campaign's id",
        _ids(campaign_id="new_campaign_id"),
    ),
    "POST /v1/me/campaigns": ("the new campaign's join code", _ids(code="new_join_code")),
    "DELETE /v1/me/campaigns/{campaign_id}": (
        "the campaign's id",
        _ids(campaign_id="new_campaign_id"),
    ),
    "DELETE /v1/org/campaigns/{campaign_id}": (
        "the campaign's id",
        _ids(campaign_id="new_campaign_id"),
    ),
    "DELETE /v1/org/webhooks/{endpoint_id}": ("the endpoint's id", _ids(endpoint_id="endpoint_id")),
    "GET /v1/org/webhooks/{endpoint_id}/deliveries": (
        "the endpoint's id",
        _ids(endpoint_id="endpoint_id"),
    ),
    "POST /v1/org/webhooks/{endpoint_id}/test": (
        "the endpoint's id",
        _ids(endpoint_id="endpoint_id"),
    ),
    "POST /v1/org/webhooks/{endpoint_id}/deliveries/{message_id}/redeliver": (
        "the endpoint's and its failed message's ids",
        _dead_message,
    ),
    "POST /v1/org/webhooks/{endpoint_id}/secret": (
        "the endpoint's id",
        _ids(endpoint_id="endpoint_id"),
    ),
    "POST /v1/admin/organisations/{organisation_id}/keys": (
        "the new organisation's id",
        _ids(organisation_id="new_organisation_id"),
    ),
    "DELETE /v1/admin/keys/{key_id}": ("the new key's id", _ids(key_id="new_key_id")),
}


def remember(run: Run, operation: str, response: httpx.Response) -> None:
    """Keep what the service assigned in an answer, for the operations after it."""
    json_answer = response.content and response.headers.get("content-type") == "application/json"
    body = response.json() if json_answer else {}
    if "etag" in response.headers:
        run.assigned["etag"] = response.headers["etag"]
    if operation == "POST /v1/me/profiles/{platform}/{profile}/proof":
        run.pages.show("instagram", "jane_doe", body["code"])
    elif operation == "POST /v1/auth/recovery":  # the token that deletes the account at the end
        run.assigned["last_token"] = body["access_token"]
    elif operation == "POST /v1/auth/link":
        run.assigned["linked_session"] = body["refresh_token"].partition(".")[0]
    elif operation == "POST /v1/auth/refresh":
        run.world.owner.access_token = body["access_token"]
        run.world.owner.refresh_token = body["refresh_token"]
    elif operation == "POST /v1/me/recovery-codes":  # the new codes replace the old ones
        run.world.ids["recovery_code"] = body["codes"][0]
    elif operation == "POST /v1/me/link-codes":
        run.world.ids["link_code"] = body["code"]
    elif operation == "POST /v1/org/campaigns":
        run.assigned |= {"new_campaign_id": body["id"], "new_join_code": body["join_code"]}
    elif operation == "POST /v1/org/webhooks":
        run.assigned["endpoint_id"] = body["id"]
    elif operation == "POST /v1/org/webhooks/{endpoint_id}/test":
        run.assigned["message_id"] = body["id"]
    elif operation == "POST /v1/admin/organisations":
        run.assigned["new_organisation_id"] = body["id"]
    elif operation == "POST /v1/admin/organisations/{organisation_id}/keys":
        run.assigned["new_key_id"] = body["id"]


def credentials(run: Run, operation: str, document: dict[str, Any]) -> dict[str, str]:
    """The credential the operation documents: the person's token, the group's key, the
    operator's token, or none."""
    schemes = {name for need in document.get("security", []) for name in need}
    token = None
    if "OperatorToken" in schemes:
        token = OPERATOR_TOKEN
    elif "OrgKey" in schemes:
        token = run.world.group_key
    elif "HTTPBearer" in schemes:
        last = operation == "DELETE /v1/me"
        token = run.assigned.get("last_token") if last else None
        token = token or run.person.access_token
    return {} if token is None else {"Authorization": f"Bearer {token}"}


def documented_request(operation: dict[str, Any]) -> Request:
    """The request as the document shows it: each parameter's example, the body's example."""
    request = Request()
    for parameter in operation.get("parameters", []):
        if "example" in parameter:
            where = {"path": request.path, "query": request.query, "header": request.headers}
            where[parameter["in"]][parameter["name"]] = parameter["example"]
    content = operation.get("requestBody", {}).get("content", {})
    for media in content.values():
        example = media["example"]
        request = Request(request.path, request.query, request.headers, copy.deepcopy(example))
    return request


def same_shape(example: Any, answer: Any, where: str = "") -> list[str]:
    """Where the answer's shape differs from the example's: keys, and the type of each value
    (a null in the example stands for any value; lists are compared by their first item)."""
    if example is None:
        return []
    if isinstance(example, dict):
        if not isinstance(answer, dict):
            return [f"{where or 'body'}: {type(answer).__name__}, documented an object"]
        if set(example) != set(answer):
            return [f"{where or 'body'}: keys {sorted(answer)}, documented {sorted(example)}"]
        return [
            d for key in example for d in same_shape(example[key], answer[key], f"{where}.{key}")
        ]
    if isinstance(example, list):
        if not isinstance(answer, list):
            return [f"{where}: {type(answer).__name__}, documented a list"]
        if example and answer:
            return same_shape(example[0], answer[0], f"{where}[0]")
        return []
    numbers = (int, float)
    if isinstance(example, numbers) and not isinstance(example, bool):
        fits = isinstance(answer, numbers) and not isinstance(answer, bool)
    else:
        fits = type(answer) is type(example) or answer is None
    return (
        [] if fits else [f"{where}: {type(answer).__name__}, documented {type(example).__name__}"]
    )
