"""Events written before salted hashes keep verifying: the migration leaves their hashes as they
were (published heads stay valid), new events follow in format 2, and one chain holds both."""

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, inspect, text
from sqlalchemy.engine import Engine

from api.db import session_scope
from api.ledger import service as ledger
from api.ops.migrations import downgrade, upgrade
from api.sqltypes import UTCDateTime
from tests.conftest import Person, sign_up
from tests.ledger.hashes import sha256, verify_chain, verify_own
from tests.receipts.factories import opt_out
from tests.support.evidence_pack import download, load, run_script

# The revision before api/migrations/versions/2026_12_05_ledger_salts.py.
BEFORE_SALTS = "b2c3d4e5f6a3"
GENESIS = "0" * 64

# ledger_events as every revision before the salts had it.
_OLD = MetaData()
_OLD_EVENTS = Table(
    "ledger_events",
    _OLD,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("account_id", String(32)),
    Column("type", String(64)),
    Column("payload", Text),
    Column("payload_hash", String(64)),
    Column("prev_hash", String(64)),
    Column("hash", String(64)),
    Column("created_at", UTCDateTime),
)
_OLD_HEAD = Table(
    "ledger_head",
    _OLD,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer),
    Column("hash", String(64)),
)
# What the old code logged when a person authorised a group: nothing but the group.
OLD_EVENTS = [
    ("authorisation.granted", '{"organisation":"Group","organisation_id":"0123abcd"}'),
    ("campaign.joined", '{"campaign":"Object now","campaign_id":"4567ef","organisation":"Group"}'),
    ("account.deleted", "{}"),
]


@pytest.fixture
def stepped_down(database_url: str, engine: Engine) -> Iterator[str]:
    """The database at the revision before the salts; migrated back up whatever the test does."""
    engine.dispose()
    downgrade(database_url, BEFORE_SALTS)
    try:
        yield database_url
    finally:
        engine.dispose()
        upgrade(database_url)


def write_old_events(engine: Engine, account_id: str | None = None) -> list[dict[str, Any]]:
    """Format-1 events at the head, hashed exactly as the code before the salts hashed them."""
    with engine.connect() as connection:
        head = connection.execute(_OLD_HEAD.select()).first()
    first, prev_hash = (head.seq + 1, head.hash) if head is not None else (1, GENESIS)
    rows: list[dict[str, Any]] = []
    at = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    for seq, (type, payload) in enumerate(OLD_EVENTS, start=first):
        created_at = at + timedelta(minutes=seq)
        payload_hash = sha256(payload)
        digest = sha256(f"{prev_hash}|{seq}|{type}|{created_at.isoformat()}|{payload_hash}")
        rows.append(
            {
                "seq": seq,
                "account_id": account_id,
                "type": type,
                "payload": payload,
                "payload_hash": payload_hash,
                "prev_hash": prev_hash,
                "hash": digest,
                "created_at": created_at,
            }
        )
        prev_hash = digest
    with engine.begin() as connection:
        connection.execute(_OLD_EVENTS.insert(), rows)
        connection.execute(_OLD_HEAD.delete())  # the head the migrations start with, if any
        connection.execute(
            _OLD_HEAD.insert(), [{"id": 1, "seq": rows[-1]["seq"], "hash": prev_hash}]
        )
    return rows


def audit(engine: Engine) -> list[ledger.ChainFault]:
    with session_scope(engine, write=False) as session:
        return ledger.audit(session)


async def test_old_events_keep_their_hashes_and_new_ones_chain_on_in_the_salted_format(
    client: httpx.AsyncClient, engine: Engine, stepped_down: str
) -> None:
    old = write_old_events(engine)
    published_head = old[-1]["hash"]
    engine.dispose()
    upgrade(stepped_down)

    person = await sign_up(client)
    await opt_out(client, person)

    assert audit(engine) == []
    proof = (await client.get("/v1/ledger/proof/1")).json()
    links = proof["events"]
    assert [link["format"] for link in links] == [1, 1, 1, 2, 2]
    verify_chain(links, head_hash=proof["head"]["hash"])
    # The head published before the upgrade is still a point the chain passes through.
    assert links[2]["hash"] == published_head and links[3]["prev_hash"] == published_head
    # What the old format still shows, as documented: type, time and unsalted payload hash.
    assert [link["type"] for link in links[:3]] == [type for type, _ in OLD_EVENTS]
    assert links[0]["payload_hash"] == sha256(OLD_EVENTS[0][1])
    assert all("type" not in link and "payload_hash" not in link for link in links[3:])
    history = (await client.get("/v1/me/history", headers=person.headers)).json()["entries"]
    for entry in history:
        verify_own(entry["proof"])


async def test_stepping_down_and_up_again_keeps_every_salt(
    client: httpx.AsyncClient,
    person: Person,
    other_person: Person,
    database_url: str,
    engine: Engine,
) -> None:
    await opt_out(client, person)
    await opt_out(client, other_person)
    before = (await client.get("/v1/me/history", headers=person.headers)).json()["entries"]
    engine.dispose()

    downgrade(database_url, BEFORE_SALTS)
    try:
        columns = {column["name"] for column in inspect(engine).get_columns("ledger_events")}
        assert "salt" not in columns and "hash_format" not in columns
        # What the older code's forgetting does, meanwhile: blank the payload and the account.
        with engine.begin() as connection:
            connection.execute(
                text(
                    "UPDATE ledger_events SET payload = NULL, account_id = NULL"
                    " WHERE account_id = :a"
                ),
                {"a": other_person.account_id},
            )
        engine.dispose()
    finally:
        upgrade(database_url)

    assert audit(engine) == []
    assert "ledger_salts_kept" not in inspect(engine).get_table_names()
    after = (await client.get("/v1/me/history", headers=person.headers)).json()["entries"]
    assert [entry["proof"] for entry in after] == [entry["proof"] for entry in before]
    with engine.connect() as connection:
        forgotten = connection.execute(
            text("SELECT salt, hash_format FROM ledger_events WHERE payload IS NULL")
        ).all()
    assert forgotten and all(salt is None and fmt == 2 for salt, fmt in forgotten)


async def test_an_evidence_pack_spanning_both_formats_verifies_with_its_own_script(
    client: httpx.AsyncClient, person: Person, engine: Engine, stepped_down: str, tmp_path: Path
) -> None:
    write_old_events(engine, account_id=person.account_id)  # after the sign-up (format 2)
    engine.dispose()
    upgrade(stepped_down)
    await opt_out(client, person)

    pack = await download(client, person, tmp_path)

    proof = load(pack, "chain-proof.json")
    assert [link["format"] for link in proof["events"]] == [2, 1, 1, 1, 2]
    assert [event["format"] for event in load(pack, "events.json")] == [2, 1, 1, 1, 2]
    result = run_script(pack)
    assert result.returncode == 0, result.stdout + result.stderr
    events = load(pack, "events.json")
    events[1]["payload"] = events[1]["payload"].replace("Group", "Other")  # an old payload
    (pack / "events.json").write_text(json.dumps(events))
    assert "FAILED: payload 2" in run_script(pack).stderr
