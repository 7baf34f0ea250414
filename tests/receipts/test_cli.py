"""`ai-optout verify`: a receipt checked offline against a key set file, or against the service."""

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from api.config import get_settings
from tests.conftest import Person
from tests.receipts.factories import opt_out

UNREACHABLE = "postgresql://nobody@127.0.0.1:9/nothing"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


@pytest.fixture
async def jwks_file(client: httpx.AsyncClient, tmp_path: Path) -> Path:
    path = tmp_path / "jwks.json"
    path.write_text((await client.get("/.well-known/jwks.json")).text)
    return path


@pytest.fixture
async def token(client: httpx.AsyncClient, person: Person) -> str:
    return str((await opt_out(client, person))["jws"])


def test_verify_with_a_key_set_file_needs_no_database(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, jwks_file: Path, token: str
) -> None:
    monkeypatch.setenv("AI_OPTOUT_DATABASE_URL", UNREACHABLE)  # would fail if it were touched

    result = runner.invoke(cli, ["verify", token, "--jwks", str(jwks_file)])

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["valid"] is True
    assert report["log"] == "not_checked"
    assert report["claims"]["action"] == "recorded"


def test_verify_offline_rejects_an_altered_receipt(
    runner: CliRunner, jwks_file: Path, token: str
) -> None:
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload[:-2]}{'A' if payload[-2] != 'A' else 'B'}{payload[-1]}.{signature}"

    result = runner.invoke(cli, ["verify", forged, "--jwks", str(jwks_file)])

    assert result.exit_code == 1
    assert json.loads(result.output)["valid"] is False


def test_verify_reads_a_file_or_standard_input(
    runner: CliRunner, jwks_file: Path, token: str, tmp_path: Path
) -> None:
    receipt_file = tmp_path / "receipt.jws"
    receipt_file.write_text(token + "\n")

    from_file = runner.invoke(cli, ["verify", str(receipt_file), "--jwks", str(jwks_file)])
    from_stdin = runner.invoke(cli, ["verify", "-", "--jwks", str(jwks_file)], input=token)

    assert from_file.exit_code == 0, from_file.output
    assert from_stdin.exit_code == 0, from_stdin.output


def test_verify_against_the_service_also_checks_the_log(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, database_url: str, token: str
) -> None:
    monkeypatch.setenv("AI_OPTOUT_DATABASE_URL", database_url)

    result = runner.invoke(cli, ["verify", token])

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["log"] == "matches"


def test_an_unreadable_key_set_is_a_usage_error(
    runner: CliRunner, token: str, tmp_path: Path
) -> None:
    broken = tmp_path / "jwks.json"
    broken.write_text("{not json")

    result = runner.invoke(cli, ["verify", token, "--jwks", str(broken)])

    assert result.exit_code == 2
    assert "cannot read the key set" in result.output
