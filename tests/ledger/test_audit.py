"""The event log is tamper-evident: `audit` and `ai-optout audit` find every kind of edit."""

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from api.cli import app as cli
from api.config import get_settings
from api.db import session_scope
from api.ledger import service as ledger
from tests.conftest import Person
from tests.receipts.factories import INSTAGRAM, opt_out, put_preferences


@pytest.fixture
async def history(client: httpx.AsyncClient, person: Person, other_person: Person) -> None:
    """Seven events; 4 and 7 (account creations) have no receipt, so tests may delete them."""
    await opt_out(client, person)  # 1, 2: the two sign-ups; 3
    assert (await client.post("/v1/accounts")).status_code == 201  # 4
    await put_preferences(client, person, region="DE", accounts=[INSTAGRAM])  # 5
    await opt_out(client, other_person)  # 6
    assert (await client.post("/v1/accounts")).status_code == 201  # 7


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[CliRunner]:
    # The CLI reads the settings once (lru_cache): point them at the test database.
    monkeypatch.setenv("AI_OPTOUT_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def faults(engine: Engine) -> list[ledger.ChainFault]:
    with session_scope(engine, write=False) as session:
        return ledger.audit(session)


def tamper(engine: Engine, statement: str) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement))


@pytest.mark.usefixtures("history")
def test_an_untouched_log_audits_clean(engine: Engine, cli_env: CliRunner) -> None:
    assert faults(engine) == []

    result = cli_env.invoke(cli, ["audit"])

    assert result.exit_code == 0, result.output
    assert "intact: 7 events" in result.output


@pytest.mark.usefixtures("history")
def test_an_altered_payload_is_detected(engine: Engine, cli_env: CliRunner) -> None:
    tamper(engine, 'UPDATE ledger_events SET payload = \'{"account_id":"x"}\' WHERE seq = 3')

    assert ledger.ChainFault(3, "payload altered") in faults(engine)
    result = cli_env.invoke(cli, ["audit"])
    assert result.exit_code == 1
    assert "event 3: payload altered" in result.output


@pytest.mark.usefixtures("history")
def test_an_altered_hash_is_detected(engine: Engine, cli_env: CliRunner) -> None:
    tamper(engine, "UPDATE ledger_events SET hash = '" + "e" * 64 + "' WHERE seq = 2")

    found = faults(engine)
    assert ledger.ChainFault(2, "hash does not match its contents") in found
    assert ledger.ChainFault(3, "does not link to the event before it") in found
    result = cli_env.invoke(cli, ["audit"])
    assert result.exit_code == 1
    assert "event 2: hash does not match its contents" in result.output


@pytest.mark.usefixtures("history")
def test_an_altered_type_or_time_is_detected(engine: Engine) -> None:
    tamper(engine, "UPDATE ledger_events SET type = 'account.deleted' WHERE seq = 4")

    assert ledger.ChainFault(4, "hash does not match its contents") in faults(engine)


@pytest.mark.usefixtures("history")
def test_a_removed_row_is_detected(engine: Engine, cli_env: CliRunner) -> None:
    tamper(engine, "DELETE FROM ledger_events WHERE seq = 4")

    found = faults(engine)
    assert ledger.ChainFault(4, "missing events before 5") in found
    assert ledger.ChainFault(5, "does not link to the event before it") in found
    result = cli_env.invoke(cli, ["audit"])
    assert result.exit_code == 1
    assert "missing events before 5" in result.output


@pytest.mark.usefixtures("history")
def test_a_removed_last_row_is_detected_through_the_head(engine: Engine) -> None:
    tamper(engine, "DELETE FROM ledger_events WHERE seq = 7")

    assert ledger.ChainFault(7, "chain head does not match the last event") in faults(engine)


async def test_a_deleted_account_leaves_a_log_that_still_audits_clean(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    await opt_out(client, person)

    assert (await client.delete("/v1/me", headers=person.headers)).status_code == 204

    assert faults(engine) == []
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT payload, payload_hash FROM ledger_events WHERE seq <= 2")
        ).all()
    assert all(payload is None and len(digest) == 64 for payload, digest in rows)


@pytest.mark.usefixtures("history")
def test_a_payload_altered_under_its_salt_is_detected(engine: Engine) -> None:
    tamper(engine, 'UPDATE ledger_events SET payload = \'{"region":"FR"}\' WHERE seq = 5')

    assert ledger.ChainFault(5, "payload altered") in faults(engine)


@pytest.mark.usefixtures("history")
def test_an_altered_salt_is_detected(engine: Engine) -> None:
    tamper(engine, "UPDATE ledger_events SET salt = '" + "0" * 32 + "' WHERE seq = 5")

    assert faults(engine) == [ledger.ChainFault(5, "payload altered")]


@pytest.mark.usefixtures("history")
def test_a_salt_removed_from_a_kept_payload_is_detected(engine: Engine) -> None:
    tamper(engine, "UPDATE ledger_events SET salt = NULL WHERE seq = 5")

    assert faults(engine) == [ledger.ChainFault(5, "salt missing for a kept payload")]


@pytest.mark.usefixtures("history")
def test_an_event_relabelled_in_the_old_format_is_detected(engine: Engine) -> None:
    tamper(engine, "UPDATE ledger_events SET hash_format = 1 WHERE seq = 5")

    found = faults(engine)
    assert ledger.ChainFault(5, "hash does not match its contents") in found
    tamper(engine, "UPDATE ledger_events SET hash_format = 3 WHERE seq = 5")
    assert faults(engine) == [ledger.ChainFault(5, "unknown hash format 3")]


async def test_forgetting_an_account_blanks_its_salts_and_the_chain_still_audits(
    client: httpx.AsyncClient, person: Person, other_person: Person, engine: Engine
) -> None:
    await opt_out(client, person)
    await opt_out(client, other_person)

    assert (await client.delete("/v1/me", headers=person.headers)).status_code == 204

    assert faults(engine) == []
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT account_id, payload, salt, hash_format FROM ledger_events ORDER BY seq")
        ).all()
    forgotten = [row for row in rows if row.account_id is None]
    kept = [row for row in rows if row.account_id == other_person.account_id]
    # Sign-up, opt-out, and the deletion's own event (which never had an account).
    assert len(forgotten) == 3 and len(kept) == 2
    assert all(row.hash_format == 2 for row in rows)
    assert all(row.salt is None and row.payload is None for row in forgotten[:2])
    assert all(row.salt is not None and row.payload is not None for row in kept)
