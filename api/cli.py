"""The operator's command line: `ai-optout serve`, `ai-optout migrate`, and key management."""

from pathlib import Path
from typing import Annotated

import typer

from api.config import get_settings
from api.organisations.cli import add_key_commands, orgs_app
from api.webhooks.cli import webhooks_app

app = typer.Typer(help="AI Opt-Out service.", no_args_is_help=True)
keys_app = typer.Typer(help="The service's signing keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(orgs_app, name="orgs")
app.add_typer(webhooks_app, name="webhooks")
add_key_commands(keys_app)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
) -> None:
    """Serve the API. On the embedded SQLite default, pending migrations are applied first."""
    import uvicorn

    from api.ops.logging import log_config
    from api.ops.migrations import upgrade

    settings = get_settings()
    if settings.uses_embedded_database:
        upgrade(settings.effective_database_url)
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level=settings.log_level,
        log_config=log_config(settings.log_level),
        access_log=False,  # api.ops.logging writes one JSON line per request instead
        # The app believes X-Forwarded-For only from AI_OPTOUT_TRUSTED_PROXIES (api.main);
        # uvicorn's own default would believe any loopback peer's.
        proxy_headers=False,
    )


@app.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
) -> None:
    """Bring the database schema to a revision (default: the newest)."""
    from api.ops.migrations import upgrade

    settings = get_settings()
    upgrade(settings.effective_database_url, revision)
    typer.echo(f"database at {revision}")


@keys_app.command("rotate")
def rotate_keys() -> None:
    """Retire the signing key in use and start signing with a new one."""
    from api.db import make_engine, session_scope
    from api.signing.keyring import rotate

    engine = make_engine(get_settings().effective_database_url)
    with session_scope(engine) as session:
        key = rotate(session)
        typer.echo(f"new signing key {key.kid}")


@app.command()
def verify(
    receipt: Annotated[str, typer.Argument(help="The receipt, a file holding it, or - for stdin")],
    jwks: Annotated[
        Path | None, typer.Option(help="Key set file (jwks.json): verify offline, no database")
    ] = None,
) -> None:
    """Check a receipt's signature (and, without --jwks, its event against the log)."""
    from api.receipts import commands

    code, report = commands.verify(receipt, jwks)
    typer.echo(report, err=code == commands.USAGE)
    raise typer.Exit(code)


@app.command()
def audit() -> None:
    """Walk the event log's hash chain from the start; exit 1 listing every fault."""
    from api.receipts import commands

    code, report = commands.audit()
    typer.echo(report)
    raise typer.Exit(code)


if __name__ == "__main__":
    app()
