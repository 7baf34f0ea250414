"""The command line explains itself: `--version`, one line with the fix for every error an
operator can fix (never a traceback unless `--debug`), and no database made where none was
configured. Each runs `ai-optout` as its own process, as an operator would."""

import sqlite3
import subprocess
from pathlib import Path

import pytest

from api.config import Settings
from api.ops import database
from api.ops.migrations import head_revision
from tests.cli.helpers import run_cli

# Port 9 (discard) is closed on loopback: connections are refused at once.
UNREACHABLE = "postgresql://optout:s3cret-pw@127.0.0.1:9/nothing"


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The error a failed command printed: exactly one line on stderr, nothing on stdout."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def test_version(tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ai-optout 0.1.0"


def test_an_unknown_revision_is_one_line_naming_the_newest(tmp_path: Path) -> None:
    result = run_cli(
        "migrate", "bogus", cwd=tmp_path, settings={"AI_OPTOUT_DATA_DIR": str(tmp_path)}
    )

    said = _one_line_error(result)
    assert "no migration 'bogus'" in said
    assert f"`head` (the newest, {head_revision()})" in said
    assert not (tmp_path / "ai-optout.db").exists()  # refused before touching anything


@pytest.mark.parametrize(
    "command", [["migrate"], ["orgs", "list"], ["keys", "list"], ["serve"], ["audit"]]
)
def test_outside_the_checkout_nothing_is_created_where_no_database_was_configured(
    tmp_path: Path, command: list[str]
) -> None:
    result = run_cli(*command, cwd=tmp_path)

    said = _one_line_error(result)
    assert said.startswith("ai-optout: no database configured: set AI_OPTOUT_DATABASE_URL")
    assert "AI_OPTOUT_DATA_DIR" in said
    assert list(tmp_path.iterdir()) == []  # no data/, no empty ai-optout.db


def test_an_unreachable_database_is_one_line_without_its_password(tmp_path: Path) -> None:
    result = run_cli("orgs", "list", cwd=tmp_path, settings={"AI_OPTOUT_DATABASE_URL": UNREACHABLE})

    said = _one_line_error(result)
    assert said.startswith(
        "ai-optout: cannot reach the database at postgresql://optout:***@127.0.0.1:9/nothing"
    )
    assert said.endswith("check AI_OPTOUT_DATABASE_URL and that the server is running")
    assert "s3cret-pw" not in said


def test_a_database_without_tables_says_to_migrate(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()

    result = run_cli(
        "keys", "list", cwd=tmp_path, settings={"AI_OPTOUT_DATABASE_URL": f"sqlite:///{empty}"}
    )

    said = _one_line_error(result)
    assert (
        said == "ai-optout: the database is not migrated (no tables yet): run `ai-optout migrate`"
    )


def test_a_configured_sqlite_file_that_does_not_exist_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"

    result = run_cli(
        "orgs", "list", cwd=tmp_path, settings={"AI_OPTOUT_DATABASE_URL": f"sqlite:///{missing}"}
    )

    said = _one_line_error(result)
    assert said == f"ai-optout: no database at {missing} yet: run `ai-optout migrate` to create it"
    assert not missing.exists()


def test_an_invalid_setting_is_one_line_naming_the_variable(tmp_path: Path) -> None:
    result = run_cli("orgs", "list", cwd=tmp_path, settings={"AI_OPTOUT_PORT": "0"})

    said = _one_line_error(result)
    assert said.startswith("ai-optout: invalid settings: AI_OPTOUT_PORT: ")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run_cli(
        "--debug", "orgs", "list", cwd=tmp_path, settings={"AI_OPTOUT_DATABASE_URL": UNREACHABLE}
    )

    assert result.returncode == 1
    assert "Traceback" in result.stderr or "OperationalError" in result.stderr
    assert len(result.stderr.splitlines()) > 1


def test_migrate_creates_the_configured_database_and_says_where_it_stands(
    tmp_path: Path,
) -> None:
    settings = {"AI_OPTOUT_DATA_DIR": str(tmp_path / "data")}

    first = run_cli("migrate", cwd=tmp_path, settings=settings)
    again = run_cli("migrate", cwd=tmp_path, settings=settings)

    head = head_revision()
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"database migrated from nothing: now at {head}, the newest"
    assert again.stdout.strip() == f"database already at {head}, the newest"
    assert (tmp_path / "data" / "ai-optout.db").is_file()


def test_in_the_checkout_the_embedded_default_is_meant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `make run` in a fresh clone: nothing configured, no database yet; `serve` and `migrate`
    # create data/ai-optout.db there, and only there.
    (tmp_path / "pyproject.toml").write_text("")
    monkeypatch.setattr(database, "CHECKOUT", tmp_path)
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert not database.configured(settings)
    expected = f"sqlite:///{tmp_path / 'data' / 'ai-optout.db'}"

    assert database.database_url(settings, creating=True) == expected
    with pytest.raises(database.CommandError, match="run `ai-optout migrate` to create it"):
        database.database_url(settings)  # a command that only reads would find no database

    monkeypatch.chdir(tmp_path.parent)
    with pytest.raises(database.CommandError, match="no database configured"):
        database.database_url(Settings(), creating=True)
