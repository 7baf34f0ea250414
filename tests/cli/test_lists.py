"""`orgs list` and `keys list` (organisations' API keys, never a secret), kept apart from the
service's `signing-keys`; empty names refused. On both databases."""

import pytest
from sqlalchemy import text

from api.cli import app as cli
from api.db import make_engine
from tests.support.cli import run_cli, runner

pytestmark = pytest.mark.usefixtures("cli_database")


def test_organisations_and_their_keys_are_listed_without_any_secret(database_url: str) -> None:
    assert run_cli("orgs", "list").startswith("no organisations yet")
    assert run_cli("keys", "list").startswith("no API keys yet")
    group = run_cli("orgs", "create", "  Digital Rights Now ").strip()
    other = run_cli("orgs", "create", "Dataset Builders Ltd").strip()
    issued = run_cli("keys", "issue", "--org", group, "--scopes", "stats:read", "--name", "ci")
    key_id, secret = issued.split()[2], issued.strip().splitlines()[-1]
    run_cli("keys", "issue", "--org", other, "--scopes", "checks:read")
    run_cli("keys", "revoke", key_id)
    run_cli("keys", "issue", "--org", group, "--scopes", "members:read")

    orgs = run_cli("orgs", "list").splitlines()
    all_keys = run_cli("keys", "list")
    group_keys = run_cli("keys", "list", "--org", group).splitlines()

    assert orgs[0].split() == ["id", "admitted", "live", "keys", "name"]
    assert [line.split()[0] for line in orgs[1:]] == [group, other]
    assert orgs[1].endswith("  1  Digital Rights Now")  # the name as stored: trimmed
    assert orgs[2].endswith("  1  Dataset Builders Ltd")
    assert len(group_keys) == 3  # the header and the group's two keys, not the other's
    revoked = next(line for line in group_keys if line.startswith(key_id))
    assert revoked.endswith("stats:read  [ci]")
    assert revoked.split()[1] == group
    assert all_keys.count("\n") == 4
    engine = make_engine(database_url)
    with engine.connect() as connection:
        hashes = connection.execute(text("SELECT secret_hash FROM api_keys")).scalars().all()
    engine.dispose()
    for listing in (all_keys, "\n".join(group_keys)):
        assert secret not in listing
        assert secret.partition(f"{key_id}_")[2] not in listing
        assert not any(stored in listing for stored in hashes)


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_an_empty_name_is_refused(name: str) -> None:
    result = runner.invoke(cli, ["orgs", "create", name])

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        'ai-optout: an organisation needs a name, e.g. `ai-optout orgs create "Name"`'
    )
    assert run_cli("orgs", "list").startswith("no organisations yet")


def test_unknown_organisations_and_keys_are_one_line_saying_where_to_look() -> None:
    listed = runner.invoke(cli, ["keys", "list", "--org", "nope"])
    issued = runner.invoke(cli, ["keys", "issue", "--org", "nope", "--scopes", "stats:read"])
    revoked = runner.invoke(cli, ["keys", "revoke", "nope"])

    for result in (listed, issued):
        assert result.exit_code == 1
        assert (
            result.stderr == "ai-optout: no organisation nope: `ai-optout orgs list` shows them\n"
        )
    assert revoked.exit_code == 1
    assert revoked.stderr == "ai-optout: no API key nope: `ai-optout keys list` shows them\n"


def test_signing_keys_have_their_own_command_and_the_old_name_still_works() -> None:
    before = run_cli("signing-keys", "list").splitlines()
    rotated = run_cli("signing-keys", "rotate").split()[-1]
    old_name = runner.invoke(cli, ["keys", "rotate"])
    after = run_cli("signing-keys", "list").splitlines()

    assert old_name.exit_code == 0, old_name.output
    assert "`ai-optout keys rotate` is now `ai-optout signing-keys rotate`" in old_name.stderr
    newest = old_name.stdout.split()[-1]
    assert len(after) == len(before) + 2
    signing_now = [line.split()[0] for line in after[1:] if line.endswith("no (signs now)")]
    assert signing_now == [newest]
    assert any(line.startswith(rotated) for line in after)
    assert "private" not in "\n".join(after).lower()
    assert "rotate" not in run_cli("keys", "--help").split("Commands")[-1]  # hidden: deprecated
