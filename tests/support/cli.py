"""The operator's CLI, run in process against the test's database."""

from typer.testing import CliRunner

from api.cli import app as cli

runner = CliRunner()


def run_cli(*args: str) -> str:
    """Run one command; it must succeed. Its standard output."""
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout
