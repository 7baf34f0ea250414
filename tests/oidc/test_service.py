"""The attempt is used once even when two finishes race, and a link takes one account."""

import threading

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from api.accounts.models import Account
from api.db import session_scope
from api.oidc import service
from api.oidc.errors import FlowInvalid
from api.oidc.models import OidcFlow, OidcIdentity
from api.oidc.provider import Identity


def test_of_two_finishes_racing_one_links_and_the_other_is_refused(engine: Engine) -> None:
    attempt = service.new_attempt()
    with session_scope(engine) as session:
        account = Account()
        session.add(account)
        session.flush()
        service.begin(
            session,
            attempt,
            provider="p",
            purpose="link",
            account_id=account.id,
            redirect_uri="https://x.example/",
        )
    with session_scope(engine, write=False) as session:
        flow = service.pending(session, state=attempt.state, provider="p")
    identity = Identity(issuer="https://issuer.example", subject="s")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def finish() -> None:
        start.wait()
        try:
            with session_scope(engine) as session:
                service.link(session, OidcFlow.model_validate(flow), identity)
            outcomes.append("linked")
        except FlowInvalid:
            outcomes.append("refused")

    threads = [threading.Thread(target=finish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["linked", "refused"]
    with session_scope(engine, write=False) as session:
        assert len(session.exec(select(OidcIdentity)).all()) == 1
        assert session.exec(select(OidcFlow)).all() == []
        with pytest.raises(FlowInvalid):
            service.pending(session, state=attempt.state, provider="p")
