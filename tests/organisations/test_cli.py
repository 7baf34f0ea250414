"""The operator's commands: `orgs create`, `keys issue`, `keys revoke`, `webhooks deliver`."""

import httpx
import pytest

from api.cli import app as cli
from tests.support.cli import run_cli, runner

pytestmark = pytest.mark.usefixtures("cli_database")


async def test_an_operator_admits_a_group_and_issues_and_revokes_its_key(
    client: httpx.AsyncClient,
) -> None:
    organisation_id = run_cli("orgs", "create", "Digital Rights Now").strip()
    issued = run_cli(
        "keys", "issue", "--org", organisation_id, "--scopes", "stats:read,checks:read"
    )
    key = issued.strip().splitlines()[-1]
    key_id = issued.split()[2]
    headers = {"Authorization": f"Bearer {key}"}

    whoami = await client.get("/v1/org", headers=headers)
    assert whoami.json()["key"]["scopes"] == ["stats:read", "checks:read"]

    assert run_cli("keys", "revoke", key_id).strip() == f"revoked {key_id}"
    assert (await client.get("/v1/org", headers=headers)).status_code == 401


def test_unknown_scopes_and_organisations_are_refused() -> None:
    organisation_id = run_cli("orgs", "create", "Group").strip()

    bad_scope = runner.invoke(cli, ["keys", "issue", "--org", organisation_id, "--scopes", "all"])
    bad_org = runner.invoke(cli, ["keys", "issue", "--org", "nope", "--scopes", "stats:read"])

    assert bad_scope.exit_code == bad_org.exit_code == 1
    assert "Unknown scopes: all" in bad_scope.output


def test_the_delivery_command_runs_once_and_exits() -> None:
    assert run_cli("webhooks", "deliver", "--once").strip() == "0 messages handled"
