"""The evidence pack: everything in it verifies offline, with its own keys and its own script."""

import json
import time
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from joserfc.jwk import KeySet
from sqlalchemy.engine import Engine

from api.db import session_scope
from api.receipts.verification import key_finder, verify_receipt
from api.signing.keyring import rotate
from tests.conftest import Person
from tests.ledger.hashes import verify_chain, verify_own
from tests.receipts.factories import INSTAGRAM, opt_out, put_preferences
from tests.support.evidence_pack import PACK, download, load, run_script


@pytest.fixture
async def pack(
    client: httpx.AsyncClient,
    person: Person,
    other_person: Person,
    app: FastAPI,
    engine: Engine,
    tmp_path: Path,
) -> Path:
    """A pack after a history that interleaves another person and spans a key rotation."""
    await opt_out(client, person)
    await opt_out(client, other_person)
    with session_scope(engine) as session:
        rotate(session)
    app.state.keyring.prime()
    await put_preferences(client, person, region="DE", accounts=[INSTAGRAM])
    steps = "/v1/me/objections/instagram/steps"
    submitted = {"state": "submitted", "on": "2025-06-02"}
    assert (await client.post(steps, json=submitted, headers=person.headers)).status_code == 200
    return await download(client, person, tmp_path)


def test_the_pack_holds_every_part(pack: Path) -> None:
    names = {path.relative_to(pack).as_posix() for path in pack.rglob("*") if path.is_file()}

    fixed = {"README.txt", "verify.py", "jwks.json", "head.jws", "events.json", "timeline.json"}
    assert fixed | {"chain-proof.json"} <= names
    assert len([name for name in names if name.startswith("receipts/")]) == 3
    readme = (pack / "README.txt").read_text()
    assert 'sha256_hex( f"{prev_hash}|{seq}|{leaf}" )' in readme
    assert 'sha256_hex( f"{prev_hash}|{seq}|{type}|{created_at}|{payload_hash}" )' in readme
    assert "ai-optout verify receipts/<file>.jws --jwks jwks.json" in readme
    assert (pack / "verify.py").read_text().strip() in readme.replace("       ", "")


def test_every_receipt_verifies_offline_against_the_packs_own_keys(pack: Path) -> None:
    keys = KeySet.import_key_set(load(pack, "jwks.json"))
    now = int(time.time())

    verdicts = [
        verify_receipt(path.read_text(), key_finder(keys), now=now)
        for path in sorted((pack / "receipts").glob("*.jws"))
    ]

    assert all(verdict.valid for verdict in verdicts), [v.reason for v in verdicts]
    assert len({verdict.kid for verdict in verdicts}) == 2  # signed before and after rotation
    proof = {link["seq"]: link["hash"] for link in load(pack, "chain-proof.json")["events"]}
    for verdict in verdicts:
        assert verdict.claims is not None
        assert proof[verdict.claims["event"]["seq"]] == verdict.claims["event"]["hash"]


def test_the_chain_proof_recomputes_from_the_first_event_to_the_signed_head(pack: Path) -> None:
    proof = load(pack, "chain-proof.json")
    events = load(pack, "events.json")

    verify_chain(proof["events"], head_hash=proof["head"]["hash"])
    assert [link["seq"] for link in proof["events"]] == list(
        range(proof["start"], proof["head"]["seq"] + 1)
    )
    assert proof["start"] == events[0]["seq"]
    in_chain = {link["seq"]: link for link in proof["events"]}
    for event in events:
        verify_own(event)
        assert in_chain[event["seq"]]["hash"] == event["hash"]
        assert in_chain[event["seq"]]["leaf"] == event["leaf"]


def test_the_packs_own_script_verifies_it(pack: Path) -> None:
    result = run_script(pack)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: 4 signatures")


@pytest.mark.parametrize("damage", ["receipt", "payload", "proof"])
def test_the_packs_own_script_catches_tampering(pack: Path, damage: str) -> None:
    if damage == "receipt":
        path = sorted((pack / "receipts").glob("*.jws"))[0]
        header, payload, signature = path.read_text().strip().split(".")
        path.write_text(
            f"{header}.{payload}.{signature[:10]}{'B' if signature[10] == 'A' else 'A'}"
            f"{signature[11:]}"
        )
    elif damage == "payload":
        events = load(pack, "events.json")
        events[-1]["payload"] = events[-1]["payload"].replace("2025-06-02", "2025-05-02")
        (pack / "events.json").write_text(json.dumps(events))
    else:
        proof = load(pack, "chain-proof.json")
        del proof["events"][1]
        (pack / "chain-proof.json").write_text(json.dumps(proof))

    result = run_script(pack)

    assert result.returncode != 0
    assert "FAILED" in result.stderr


async def test_the_pack_holds_only_the_callers_own_data(
    client: httpx.AsyncClient, person: Person, other_person: Person, tmp_path: Path
) -> None:
    await opt_out(client, person)
    await opt_out(client, other_person)

    theirs = await download(client, other_person, tmp_path)

    receipts = list((theirs / "receipts").glob("*.jws"))
    assert len(receipts) == 1
    everything = "".join(path.read_text() for path in theirs.rglob("*") if path.is_file())
    assert person.account_id not in everything
    assert "jane.doe" in (theirs / "events.json").read_text()  # their own, same profile name
    assert all("payload" not in link for link in load(theirs, "chain-proof.json")["events"])
    assert (await client.get(PACK)).status_code == 401
