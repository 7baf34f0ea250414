"""The operator's commands: `orgs create`, `keys issue`, `keys revoke`, `webhooks deliver`."""

from collections.abc import Iterator

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from api.config import get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def _database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AI_OPTOUT_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _run(*args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


async def test_an_operator_admits_a_group_and_issues_and_revokes_its_key(
    client: httpx.AsyncClient,
) -> None:
    organisation_id = _run("orgs", "create", "Digital Rights Now").strip()
    issued = _run("keys", "issue", "--org", organisation_id, "--scopes", "stats:read,checks:read")
    key = issued.strip().splitlines()[-1]
    key_id = issued.split()[2]
    headers = {"Authorization": f"Bearer {key}"}

    whoami = await client.get("/v1/org", headers=headers)
    assert whoami.json()["key"]["scopes"] == ["stats:read", "checks:read"]

    assert _run("keys", "revoke", key_id).strip() == f"revoked {key_id}"
    assert (await client.get("/v1/org", headers=headers)).status_code == 401


def test_unknown_scopes_and_organisations_are_refused() -> None:
    organisation_id = _run("orgs", "create", "Group").strip()

    bad_scope = runner.invoke(cli, ["keys", "issue", "--org", organisation_id, "--scopes", "all"])
    bad_org = runner.invoke(cli, ["keys", "issue", "--org", "nope", "--scopes", "stats:read"])

    assert bad_scope.exit_code == bad_org.exit_code == 1
    assert "Unknown scopes: all" in bad_scope.output


def test_the_delivery_command_runs_once_and_exits() -> None:
    assert _run("webhooks", "deliver", "--once").strip() == "0 messages handled"
