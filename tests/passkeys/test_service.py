"""The sign-in service under a real race: a second sign-in with the same passkey waits for the
first to commit, so the counter check always sees the newest count."""

import threading
import time
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.db import session_scope
from api.passkeys import service
from api.passkeys.service import PasskeyCloned, RelyingParty
from tests.conftest import Person
from tests.passkeys.authenticator import SoftAuthenticator
from tests.passkeys.ceremonies import add_passkey, sign_in_options
from tests.passkeys.conftest import WEB_ORIGIN


async def test_a_sign_in_waits_for_the_one_holding_the_passkey_and_sees_its_count(
    app: FastAPI, client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    authenticator = SoftAuthenticator()
    await add_passkey(client, person, authenticator)
    first, second = [await sign_in_options(client) for _ in range(2)]
    newer = authenticator.get(first["options"], origin=WEB_ORIGIN, sign_count=7)
    older = authenticator.get(second["options"], origin=WEB_ORIGIN, sign_count=6)
    rp = RelyingParty.from_settings(app.state.settings)
    holding, outcome = threading.Event(), dict[str, Any]()

    def sign_in(ceremony: dict[str, Any], credential: dict[str, Any]) -> None:
        with session_scope(engine) as session:
            service.sign_in(
                session,
                challenge_id=ceremony["challenge_id"],
                credential=credential,
                rp=rp,
                tokens=app.state.access_tokens,
                ttl_seconds=3600,
            )
            holding.set()
            time.sleep(0.5)  # the passkey's row is held, its new count not yet committed

    def late() -> None:
        try:
            sign_in(second, older)
        except PasskeyCloned as error:
            outcome["refused"] = error

    holder = threading.Thread(target=sign_in, args=(first, newer))
    holder.start()
    assert holding.wait(10)
    rival = threading.Thread(target=late)
    rival.start()
    holder.join(10)
    rival.join(10)

    assert isinstance(outcome.get("refused"), PasskeyCloned)
