"""OpenID Connect sign-in against a real provider process: link, sign in, refuse, unlink."""

from datetime import timedelta

import httpx
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import select, update

from api.accounts.models import Account
from api.accounts.schemas import TokenPair
from api.db import session_scope
from api.oidc.models import OidcFlow, OidcIdentity
from api.sqltypes import utcnow
from tests.conftest import Person
from tests.oidc.flows import ceremony, count, finish, new_subject, start
from tests.oidc.provider import authorise
from tests.support.problems import assert_problem


async def test_the_providers_are_listed_by_name_only(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/auth/oidc/providers")

    assert response.status_code == 200
    assert response.json() == {"providers": [{"name": "mock"}]}


async def test_link_sign_out_and_sign_back_in_reaches_the_same_account(
    client: httpx.AsyncClient, person: Person
) -> None:
    subject = new_subject()

    linked = await ceremony(client, "link", subject, person)
    assert linked.status_code == 200, linked.text
    assert linked.headers["cache-control"] == "no-store"
    signed_out = await client.post("/v1/auth/sign-out", headers=person.headers)
    assert signed_out.status_code == 204
    signed_in = await ceremony(client, "sign_in", subject)

    assert signed_in.status_code == 200, signed_in.text
    tokens = signed_in.json()
    assert tokens["account_id"] == person.account_id
    assert tokens.keys() == TokenPair.model_fields.keys()
    listed = await client.get(
        "/v1/me/oidc-identities", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert listed.status_code == 200, listed.text
    [identity] = listed.json()["identities"]
    assert identity["id"] == linked.json()["id"]
    assert identity["provider"] == "mock"
    assert identity["issuer"].startswith("http://127.0.0.1:")
    assert identity["last_used_at"] is not None
    assert subject not in listed.text  # the subject is kept, never shown
    refreshed = await client.post(
        "/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 200, refreshed.text


async def test_only_the_issuer_and_subject_are_stored(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    subject = new_subject()

    linked = await ceremony(client, "link", subject, person)

    assert linked.status_code == 200, linked.text
    columns = {column["name"] for column in inspect(engine).get_columns("oidc_identities")}
    assert columns == {
        "id", "account_id", "provider", "issuer", "subject", "created_at", "last_used_at"
    }  # fmt: skip
    with session_scope(engine, write=False) as session:
        row = session.exec(select(OidcIdentity)).one()
    assert (row.account_id, row.subject) == (person.account_id, subject)
    assert count(engine, OidcFlow) == 0  # the attempt is used up


async def test_linking_the_same_identity_again_changes_nothing(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    subject = new_subject()
    first = await ceremony(client, "link", subject, person)

    again = await ceremony(client, "link", subject, person)

    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]
    assert count(engine, OidcIdentity) == 1


async def test_a_second_account_cannot_take_a_linked_identity(
    client: httpx.AsyncClient, person: Person, other_person: Person, engine: Engine
) -> None:
    subject = new_subject()
    await ceremony(client, "link", subject, person)

    taken = await ceremony(client, "link", subject, other_person)

    assert_problem(taken, 409, "oidc-identity-taken")
    others = await client.get("/v1/me/oidc-identities", headers=other_person.headers)
    assert others.json() == {"identities": []}
    signed_in = await ceremony(client, "sign_in", subject)
    assert signed_in.json()["account_id"] == person.account_id
    assert count(engine, OidcFlow) == 0


async def test_an_unknown_identity_signs_in_nobody_and_creates_no_account(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    accounts = count(engine, Account)

    response = await ceremony(client, "sign_in", new_subject())

    assert_problem(response, 404, "oidc-identity-not-linked")
    assert count(engine, Account) == accounts
    assert count(engine, OidcIdentity) == 0


async def test_a_replayed_state_is_refused(client: httpx.AsyncClient, person: Person) -> None:
    subject = new_subject()
    await ceremony(client, "link", subject, person)
    started = await start(client, "sign_in")
    code, state = authorise(started.json()["authorization_url"], subject=subject)
    first = await finish(client, code, state)
    assert first.status_code == 200, first.text

    replayed = await finish(client, code, state)

    assert_problem(replayed, 400, "oidc-state-invalid")


async def test_an_expired_state_is_refused(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    started = await start(client, "link", person)
    code, state = authorise(started.json()["authorization_url"], subject=new_subject())
    with session_scope(engine) as session:
        session.exec(update(OidcFlow).values(expires_at=utcnow() - timedelta(seconds=1)))

    response = await finish(client, code, state, person)

    assert_problem(response, 400, "oidc-state-invalid")
    assert count(engine, OidcIdentity) == 0


async def test_a_state_of_another_provider_or_made_up_is_refused(
    client: httpx.AsyncClient,
) -> None:
    response = await finish(client, "code", "not-a-state-we-issued")

    assert_problem(response, 400, "oidc-state-invalid")


async def test_a_link_is_finished_only_by_the_sign_in_that_started_it(
    client: httpx.AsyncClient, person: Person, other_person: Person, engine: Engine
) -> None:
    started = await start(client, "link", person)
    code, state = authorise(started.json()["authorization_url"], subject=new_subject())

    anonymous = await finish(client, code, state)
    someone_else = await finish(client, code, state, other_person)
    owner = await finish(client, code, state, person)

    assert_problem(anonymous, 401, "unauthorized")
    assert_problem(someone_else, 403, "oidc-link-other-account")
    assert owner.status_code == 200, owner.text
    with session_scope(engine, write=False) as session:
        assert session.exec(select(OidcIdentity.account_id)).all() == [person.account_id]


async def test_linking_needs_a_sign_in(client: httpx.AsyncClient, engine: Engine) -> None:
    response = await start(client, "link")

    assert_problem(response, 401, "unauthorized")
    assert count(engine, OidcFlow) == 0


async def test_the_redirect_uri_must_be_on_the_list(
    client: httpx.AsyncClient, person: Person
) -> None:
    response = await client.post(
        "/v1/auth/oidc/mock/start",
        json={"purpose": "link", "redirect_uri": "https://evil.example/callback"},
        headers=person.headers,
    )

    assert_problem(response, 400, "oidc-redirect-uri-not-allowed")


async def test_an_unknown_provider_is_404(client: httpx.AsyncClient) -> None:
    response = await start(client, "sign_in", provider="nosuch")

    assert_problem(response, 404, "oidc-unknown-provider")


async def test_an_id_token_with_another_nonce_is_refused_and_nothing_linked(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    started = await start(client, "link", person)
    code, state = authorise(started.json()["authorization_url"], subject=new_subject())
    with session_scope(engine) as session:
        session.exec(update(OidcFlow).values(nonce_hash="0" * 64))

    response = await finish(client, code, state, person)

    assert_problem(response, 502, "oidc-provider-error")
    assert "nonce" in response.json()["detail"]
    assert count(engine, OidcIdentity) == 0


async def test_a_used_code_is_refused_by_the_provider(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    subject = new_subject()
    started = await start(client, "link", person)
    code, state = authorise(started.json()["authorization_url"], subject=subject)
    assert (await finish(client, code, state, person)).status_code == 200
    again = await start(client, "link", person)

    response = await finish(client, code, again.json()["state"], person)

    assert_problem(response, 400, "oidc-code-rejected")


async def test_unlinking_ends_signing_in_with_it(
    client: httpx.AsyncClient, person: Person, other_person: Person
) -> None:
    subject = new_subject()
    linked = (await ceremony(client, "link", subject, person)).json()
    path = f"/v1/me/oidc-identities/{linked['id']}"

    not_theirs = await client.delete(path, headers=other_person.headers)
    unlinked = await client.delete(path, headers=person.headers)
    again = await client.delete(path, headers=person.headers)
    signed_in = await ceremony(client, "sign_in", subject)

    assert_problem(not_theirs, 404, "oidc-identity-not-found")
    assert unlinked.status_code == 204
    assert_problem(again, 404, "oidc-identity-not-found")
    assert_problem(signed_in, 404, "oidc-identity-not-linked")
    # Free again: another account may link it now.
    assert (await ceremony(client, "link", subject, other_person)).status_code == 200


async def test_deleting_the_account_frees_its_identities(
    client: httpx.AsyncClient, person: Person, other_person: Person, engine: Engine
) -> None:
    subject = new_subject()
    await ceremony(client, "link", subject, person)

    deleted = await client.delete("/v1/me", headers=person.headers)

    assert deleted.status_code == 204, deleted.text
    assert count(engine, OidcIdentity) == 0
    assert (await ceremony(client, "link", subject, other_person)).status_code == 200
