"""Subscribing receivers, and which events reach the outbox (in the change's own transaction)."""

import httpx
import pytest
from sqlalchemy.engine import Engine

from api.config import Settings
from tests.conftest import Person
from tests.organisations.factories import (
    Org,
    account,
    authorise,
    issue_key,
    make_org,
    queued,
    write_preferences,
)
from tests.support.preferences import whole
from tests.support.profiles import prove

ALL_EVENTS = [
    "member.authorised",
    "member.revoked",
    "objection.state_changed",
    "campaign.joined",
    "policy.changed",
]


async def _subscribe(
    client: httpx.AsyncClient, org: Org, url: str = "https://hooks.example.org/in"
) -> httpx.Response:
    return await client.post(
        "/v1/org/webhooks", headers=org.headers, json={"url": url, "events": ALL_EVENTS}
    )


async def test_a_subscription_shows_its_secret_once(client: httpx.AsyncClient, org: Org) -> None:
    created = await _subscribe(client, org)
    listed = await client.get("/v1/org/webhooks", headers=org.headers)

    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    assert [endpoint["id"] for endpoint in listed.json()] == [created.json()["id"]]
    assert secret not in listed.text


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.org/in",  # not https
        "https://10.0.0.7/in",  # private address
        "https://[::1]:8443/in",  # loopback over https, loopback not allowed here
        "https://user:pass@hooks.example.org/in",  # credentials in the URL
        "ftp://hooks.example.org/in",
        "https://hooks.example.org:99999/in",
    ],
)
async def test_receivers_must_be_public_https(
    client: httpx.AsyncClient, engine: Engine, url: str, settings: Settings
) -> None:
    settings.allow_loopback_webhooks = False  # as in production
    org = make_org(engine)

    response = await _subscribe(client, org, url)

    assert response.status_code == 422
    assert response.json()["type"].endswith(":invalid-webhook-url")


async def test_loopback_receivers_are_allowed_only_when_settings_say_so(
    client: httpx.AsyncClient, org: Org
) -> None:
    response = await _subscribe(client, org, "http://127.0.0.1:9/in")

    assert response.status_code == 201


async def test_an_endpoint_belongs_to_its_group(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    endpoint = (await _subscribe(client, org)).json()["id"]
    other = make_org(engine, name="Other")

    log = await client.get(f"/v1/org/webhooks/{endpoint}/deliveries", headers=other.headers)
    removed = await client.delete(f"/v1/org/webhooks/{endpoint}", headers=other.headers)
    own_removal = await client.delete(f"/v1/org/webhooks/{endpoint}", headers=org.headers)

    assert log.status_code == removed.status_code == 404
    assert own_removal.status_code == 204
    assert (await client.get("/v1/org/webhooks", headers=org.headers)).json() == []


async def test_webhooks_need_webhooks_write(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    reader = issue_key(engine, org, "stats:read", "members:read")

    assert (await _subscribe(client, reader)).status_code == 403
    assert (await client.get("/v1/org/webhooks", headers=reader.headers)).status_code == 403


async def _set_state(client: httpx.AsyncClient, person: Person, state: str) -> None:
    dates = {"submitted_on": "2025-05-20"} if state != "ready" else {}
    await write_preferences(
        client, person, accounts=[account("facebook", "jane.doe", state, **dates)]
    )


async def test_objection_changes_reach_a_group_only_while_it_is_authorised(
    client: httpx.AsyncClient, engine: Engine, org: Org, person: Person
) -> None:
    await _subscribe(client, org)
    await _set_state(client, person, "ready")  # before the grant
    prove(engine, person.account_id)  # groups hear of proved profiles by name only
    await authorise(client, person, org)
    await _set_state(client, person, "submitted")  # during
    await client.delete(f"/v1/me/authorisations/{org.organisation_id}", headers=person.headers)
    await _set_state(client, person, "needs_resubmission")  # after revoking

    changes = [message["data"] for message in queued(engine, "objection.state_changed")]
    assert [(change["from"], change["to"]) for change in changes] == [("ready", "submitted")]
    assert changes[0]["profile"] == "jane.doe"
    types = [message["type"] for message in queued(engine)]
    assert types == ["member.authorised", "objection.state_changed", "member.revoked"]
    assert person.account_id not in str(queued(engine))


async def test_a_rejected_change_queues_nothing(
    client: httpx.AsyncClient, engine: Engine, org: Org, person: Person
) -> None:
    await _subscribe(client, org)
    await authorise(client, person, org)
    before = len(queued(engine))

    stale = await client.put(
        "/v1/me/preferences",
        headers={**person.headers, "If-Match": '"v999"'},
        json=whole(accounts=[account("facebook", "jane.doe", "ready")]),
    )

    assert stale.status_code == 412
    assert len(queued(engine)) == before


async def test_deleting_an_account_tells_authorised_groups_the_member_is_gone(
    client: httpx.AsyncClient, engine: Engine, org: Org, person: Person
) -> None:
    await _subscribe(client, org)
    await authorise(client, person, org)
    member_id = queued(engine, "member.authorised")[0]["data"]["member_id"]

    await client.delete("/v1/me", headers=person.headers)

    [revoked] = queued(engine, "member.revoked")
    assert revoked["data"]["member_id"] == member_id
    assert revoked["data"]["reason"] == "account_deleted"


async def test_events_go_only_to_endpoints_subscribed_to_them(
    client: httpx.AsyncClient, engine: Engine, org: Org, person: Person
) -> None:
    await client.post(
        "/v1/org/webhooks",
        headers=org.headers,
        json={"url": "https://a.example.org/in", "events": ["campaign.joined"]},
    )

    await authorise(client, person, org)

    assert queued(engine) == []
