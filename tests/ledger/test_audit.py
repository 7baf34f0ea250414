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
