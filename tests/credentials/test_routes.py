"""One view of every way back into an account, and whether signing out would strand it."""

import httpx

from tests.conftest import Person, sign_up


async def test_a_new_account_has_no_way_back_and_is_told_so(
    client: httpx.AsyncClient, person: Person
) -> None:
    answer = await client.get("/v1/me/credentials", headers=person.headers)

    assert answer.status_code == 200
    body = answer.json()
    assert body["passkeys"] == []
    assert body["oidc_identities"] == []
    assert body["recovery_codes"]["remaining"] == 0
    assert [sign_in["current"] for sign_in in body["sign_ins"]] == [True]
    assert body["stranded_if_signed_out"] is True


async def test_recovery_codes_are_a_way_back_and_no_code_is_shown(
    client: httpx.AsyncClient, person: Person
) -> None:
    issued = await client.post("/v1/me/recovery-codes", headers=person.headers)
    assert issued.status_code == 201, issued.text
    codes = issued.json()["codes"]

    answer = await client.get("/v1/me/credentials", headers=person.headers)

    body = answer.json()
    assert body["recovery_codes"]["remaining"] == 10
    assert body["stranded_if_signed_out"] is False
    assert not any(code in answer.text for code in codes)


async def test_a_person_sees_only_their_own_ways_back(
    client: httpx.AsyncClient, person: Person
) -> None:
    other = await sign_up(client)
    await client.post("/v1/me/recovery-codes", headers=other.headers)

    mine = (await client.get("/v1/me/credentials", headers=person.headers)).json()

    assert mine["recovery_codes"]["remaining"] == 0
    other_session = other.refresh_token.partition(".")[0]
    assert other_session not in {sign_in["id"] for sign_in in mine["sign_ins"]}
