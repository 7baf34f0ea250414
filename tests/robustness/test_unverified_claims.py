"""Anyone can list any handle (issue 14, point 5), against the real service process.

The attack: ten free anonymous accounts each list ten handles they do not own (100 in all),
chose to be listed, and authorise a group. Before, a bulk check then answered `train-ai=n` for
all 100 and the group's member list and export named all 100 (measured on 0d0a03f: 100 of 100
in checks, 100 of 100 in the member list).

Now a profile is named to dataset builders and groups only once a one-time code on its public
page (a loopback stand-in of the site here) proves it the claimant's own. The claimants cannot
put a code on their victims' pages, so: 0 of 100 in checks, 0 named in the member list or the
export, and every claimant's attempt to prove a victim's handle fails. The real owner of one of
the handles proves it through the same pages, and exactly that one profile is then named.
"""

import json
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import Engine

from api.db import session_scope
from api.organisations import service as organisations
from tests.support.profiles import ProfilePages
from tests.support.server import LiveServer, live_server

CLAIMANTS = 10
HANDLES_EACH = 10  # the most one person's preferences hold
VICTIMS = [f"victim.{n:03d}" for n in range(CLAIMANTS * HANDLES_EACH)]


def _group(engine: Engine) -> tuple[str, dict[str, str]]:
    with session_scope(engine) as session:
        group = organisations.create_organisation(session, name="Dataset Builders Ltd")
        key = organisations.issue_key(
            session,
            organisation_id=group.id,
            scopes=["checks:read", "members:read", "exports:read"],
        )
    return group.id, {"Authorization": f"Bearer {key.key}"}


def _sign_up(http: httpx.Client) -> dict[str, str]:
    signed_up = http.post("/v1/accounts")
    assert signed_up.status_code == 201, signed_up.text
    return {"Authorization": f"Bearer {signed_up.json()['access_token']}"}


def _list(http: httpx.Client, person: dict[str, str], handles: list[str]) -> None:
    read = http.get("/v1/me/preferences", headers=person)
    document: dict[str, Any] = {
        "region": None,
        "scope": "all",
        "listed": True,
        "accounts": [{"platform": "facebook", "profile": handle} for handle in handles],
    }
    written = http.put(
        "/v1/me/preferences", headers={**person, "If-Match": read.headers["etag"]}, json=document
    )
    assert written.status_code == 200, written.text


def _named_in_checks(http: httpx.Client, group: dict[str, str]) -> set[str]:
    answer = http.post("/v1/checks", headers=group, json={"platform": "facebook", "ids": VICTIMS})
    assert answer.status_code == 200, answer.text
    return {item["profile"] for item in answer.json()["listed"]}


def _named_to_group(http: httpx.Client, group: dict[str, str]) -> tuple[set[str], str]:
    members = http.get("/v1/org/members", params={"limit": 500}, headers=group)
    assert members.status_code == 200, members.text
    named = {
        account["profile"]
        for member in members.json()["members"]
        for account in member["accounts"]
        if account["profile"] is not None
    }
    export = http.get("/v1/org/exports/members", params={"format": "csv"}, headers=group)
    assert export.status_code == 200, export.text
    return named, export.text


def test_handles_listed_by_strangers_never_reach_checks_or_groups(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    with ProfilePages() as pages:
        for handle in VICTIMS:  # the victims' public pages, as the site shows them
            pages.show("facebook", handle)
        env = {
            "AI_OPTOUT_PROFILE_PAGE_BASE_URLS": json.dumps(pages.base_urls()),
            "AI_OPTOUT_ALLOW_LOOPBACK_PROFILE_PAGES": "true",
            "AI_OPTOUT_PROFILE_RECHECK_WORKER": "false",
        }
        group_id, group = _group(engine)
        with (
            live_server(database_url, tmp_path / "server.log", extra_env=env) as server,
            httpx.Client(base_url=server.base_url, timeout=10) as http,
        ):
            _attack(http, server, group_id, group, pages)


def _attack(
    http: httpx.Client,
    server: LiveServer,
    group_id: str,
    group: dict[str, str],
    pages: ProfilePages,
) -> None:
    claimants = []
    for n in range(CLAIMANTS):
        claimant = _sign_up(http)
        _list(http, claimant, VICTIMS[n * HANDLES_EACH : (n + 1) * HANDLES_EACH])
        granted = http.post(
            "/v1/me/authorisations", headers=claimant, json={"organisation_id": group_id}
        )
        assert granted.status_code == 201, granted.text
        claimants.append(claimant)

    # Each claimant tries to prove a victim's handle: the code is not on the victim's page.
    for n, claimant in enumerate(claimants):
        path = f"/v1/me/profiles/facebook/{VICTIMS[n * HANDLES_EACH]}/proof"
        assert http.post(path, headers=claimant).status_code == 201
        refused = http.post(path + "/check", headers=claimant)
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"] == "application/problem+json"

    in_checks = _named_in_checks(http, group)
    named, export = _named_to_group(http, group)
    assert len(in_checks) == 0, f"{len(in_checks)} of {len(VICTIMS)} claimed handles in checks"
    assert len(named) == 0, f"{len(named)} claimed handles named in the member list"
    assert not [handle for handle in VICTIMS if handle in export]
    # The group still sees that its members objected, not whose profiles they named.
    assert len(http.get("/v1/org/members", headers=group).json()["members"]) == CLAIMANTS

    # The real owner of one handle proves it through the same public page: only it is named.
    owner = _sign_up(http)
    _list(http, owner, [VICTIMS[0]])
    path = f"/v1/me/profiles/facebook/{VICTIMS[0]}/proof"
    code = http.post(path, headers=owner).json()["code"]
    pages.show("facebook", VICTIMS[0], code)
    proved = http.post(path + "/check", headers=owner)
    assert proved.status_code == 200, proved.text
    assert _named_in_checks(http, group) == {VICTIMS[0]}
    assert _named_to_group(http, group)[0] == set()  # the owner authorised no one

    # The claimant cannot take the proved handle over either.
    taken = http.post(path + "/check", headers=claimants[0])
    assert taken.status_code in {409, 422}, taken.text
    assert _named_in_checks(http, group) == {VICTIMS[0]}
    assert "Traceback" not in server.log()
