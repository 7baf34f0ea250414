"""Concurrent writers never fork the chain: they queue on its head and each gets the next seq."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import TypeVar

import httpx
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from api.db import session_scope
from api.ledger import service as ledger
from api.ledger.models import LedgerEvent
from api.nudges import NO_NUDGES
from api.objections.schemas import ObjectionStepIn
from api.objections.steps import apply_step
from api.receipts.models import Receipt
from api.receipts.service import Issuer
from tests.conftest import Person
from tests.receipts.factories import opt_out

WRITERS = 12
T = TypeVar("T")


def run_together(count: int, work: Callable[[int], T]) -> list[T]:
    """Run `work(i)` in `count` threads released at the same moment."""
    start = threading.Barrier(count)

    def task(index: int) -> T:
        start.wait(timeout=10)
        return work(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(task, range(count)))


def seqs(engine: Engine) -> list[int]:
    with session_scope(engine, write=False) as session:
        return list(session.exec(select(LedgerEvent.seq).order_by(col(LedgerEvent.seq))))


def test_concurrent_appends_from_separate_sessions_never_fork_the_chain(engine: Engine) -> None:
    def append(index: int) -> int:
        with session_scope(engine) as session:
            return ledger.append(
                session, type="test.concurrent", payload={"writer": index}, account_id=None
            ).seq

    given = run_together(WRITERS, append)

    assert sorted(given) == list(range(1, WRITERS + 1))
    assert seqs(engine) == list(range(1, WRITERS + 1))
    with session_scope(engine, write=False) as session:
        assert ledger.audit(session) == []
        assert ledger.head(session).seq == WRITERS


async def test_concurrent_objection_steps_on_one_person_all_apply_in_turn(
    client: httpx.AsyncClient, person: Person, app: FastAPI, engine: Engine
) -> None:
    await opt_out(client, person)  # events 1 (sign-up) and 2
    issuer = Issuer(keyring=app.state.keyring, name="ai-optout")
    first_day = date(2025, 6, 1)

    def step(index: int) -> int:
        body = ObjectionStepIn(state="submitted", on=first_day + timedelta(days=index))
        with session_scope(engine) as session:
            written = apply_step(
                session,
                account_id=person.account_id,
                platform="facebook",
                step=body,
                today=first_day,
                issuer=issuer,
                nudges=NO_NUDGES,
            )
            return written.version

    versions = run_together(WRITERS, step)

    # Each step locked the row and applied on top of the one before: no lost update, no 412.
    assert sorted(versions) == list(range(3, 3 + WRITERS))
    assert seqs(engine) == list(range(1, 3 + WRITERS))
    with session_scope(engine, write=False) as session:
        assert ledger.audit(session) == []
        receipts = session.exec(select(Receipt).where(Receipt.account_id == person.account_id))
        assert len(list(receipts)) == 1 + WRITERS
