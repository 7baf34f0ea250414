"""The operator's command line: `ai-optout serve`, `migrate`, organisations and their API keys,
the service's signing keys, receipts and the event log.

An error the operator can fix is one line saying what fixes it; nothing prints a traceback
unless `--debug` asks for it.
"""

import logging.config
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from api.config import get_settings
from api.organisations.cli import keys_app, orgs_app
from api.page_reports.cli import page_reports_app
from api.page_rules.cli import page_rules_app
from api.webhooks.cli import webhooks_app


class _Commands(TyperGroup):
    """The root command: turns whatever a subcommand raises into one line and exit status 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.exceptions.TyperException):
            raise  # usage errors and deliberate exits: already said
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            from api.ops.database import explain

            said = explain(error)
            if said is None:
                first = str(error).strip().splitlines()[0] if str(error).strip() else ""
                said = (
                    f"unexpected error ({type(error).__name__}{': ' + first if first else ''}); "
                    "run again with --debug for the traceback"
                )
            typer.echo(f"ai-optout: {said}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_Commands,
    help="AI Opt-Out service.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals would include settings and secrets
)
signing_app = typer.Typer(
    help="The service's signing keys (they sign tokens and receipts).", no_args_is_help=True
)
app.add_typer(signing_app, name="signing-keys")
app.add_typer(keys_app, name="keys")
app.add_typer(orgs_app, name="orgs")
app.add_typer(webhooks_app, name="webhooks")
app.add_typer(page_rules_app, name="page-rules")
app.add_typer(page_reports_app, name="page-reports")


def _version() -> str:
    try:
        return package_version("ai-optout")
    except PackageNotFoundError:  # run from a source tree that is not installed
        import tomllib

        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        try:
            return str(tomllib.loads(pyproject.read_text())["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def _print_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"ai-optout {_version()}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit", callback=_print_version, is_eager=True
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors")] = False,
) -> None:
    """AI Opt-Out service: serve it, migrate its database, manage organisations and keys."""


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
) -> None:
    """Serve the API, whatever state the database is in (/readyz says what is missing).

    On SQLite, pending migrations are applied first."""
    import uvicorn

    from api.main import create_app
    from api.ops.banner import banner, serves_root
    from api.ops.database import database_url, explain
    from api.ops.logging import log_config
    from api.ops.migrations import upgrade

    settings = get_settings()
    url = database_url(settings, creating=True)
    # The service's JSON logs from here on, also for what happens before uvicorn starts.
    logging.config.dictConfig(log_config(settings.log_level))
    if settings.uses_embedded_database:
        try:
            upgrade(url)
        except Exception as error:  # serve anyway: /readyz and the banner say what is wrong
            said = explain(error) or f"{type(error).__name__}: {error}"
            typer.echo(f"ai-optout: migrating failed: {said}", err=True)
    host, port = host or settings.host, port or settings.port
    service = create_app(settings)
    typer.echo(
        banner(
            version=_version(),
            host=host,
            port=port,
            database_url=url,
            migrations=_migration_state(url),
            web_page=serves_root(service.routes),
        )
    )
    uvicorn.run(
        # One worker serves the app built here; several import it afresh each.
        service if workers == 1 else "api.main:create_app",
        factory=workers > 1,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level,
        log_config=log_config(settings.log_level),
        access_log=False,  # api.ops.logging writes one JSON line per request instead
        # The app believes X-Forwarded-For only from AI_OPTOUT_TRUSTED_PROXIES (api.main);
        # uvicorn's own default would believe any loopback peer's.
        proxy_headers=False,
    )


def _migration_state(url: str) -> str:
    from api.db import make_engine
    from api.ops.database import CommandError, migration_state

    engine = make_engine(url)
    try:
        return migration_state(engine).said()
    except CommandError as error:
        return f"unknown: {error}"
    finally:
        engine.dispose()


@app.command()
def migrate(
    revision: Annotated[
        str, typer.Argument(help="Target revision: `head` (the newest) or a revision id")
    ] = "head",
) -> None:
    """Bring the database schema to a revision (default: the newest)."""
    from api.db import make_engine
    from api.ops.database import CommandError, database_url, migration_state
    from api.ops.migrations import head_revision, known_revision, upgrade

    if revision not in ("head", "heads") and not known_revision(revision):
        raise CommandError(
            f"no migration {revision!r}: give `head` (the newest, {head_revision()}) or a "
            "revision id of this release"
        )
    url = database_url(get_settings(), creating=True)
    engine = make_engine(url)
    try:
        before = migration_state(engine).revision
        upgrade(url, revision)
        after = migration_state(engine)
    finally:
        engine.dispose()
    if before == after.revision:
        typer.echo(f"database already {after.said()}")
    else:
        typer.echo(f"database migrated from {before or 'nothing'}: now {after.said()}")


@signing_app.command("rotate")
def rotate_signing_key() -> None:
    """Retire the signing key in use and start signing with a new one."""
    from api.db import session_scope
    from api.ops.database import command_engine
    from api.signing.keyring import rotate

    with command_engine(get_settings()) as engine, session_scope(engine) as session:
        key = rotate(session)
        typer.echo(f"new signing key {key.kid}")


@signing_app.command("list")
def list_signing_keys() -> None:
    """The signing keys: which one signs now, and when each was made and retired."""
    from sqlmodel import col, select

    from api.db import session_scope
    from api.ops.database import command_engine
    from api.signing.models import SigningKey

    with command_engine(get_settings()) as engine, session_scope(engine, write=False) as session:
        rows = list(session.exec(select(SigningKey).order_by(col(SigningKey.created_at))))
    typer.echo(f"{'kid':<17} {'created':<20} retired")
    for row in rows:
        retired = f"{row.retired_at:%Y-%m-%d %H:%M}" if row.retired_at else "no (signs now)"
        typer.echo(f"{row.kid:<17} {row.created_at:%Y-%m-%d %H:%M}     {retired}")


@keys_app.command("rotate", hidden=True)
def rotate_keys_old_name() -> None:
    """Deprecated: `ai-optout signing-keys rotate`."""
    typer.echo(
        "`ai-optout keys rotate` is now `ai-optout signing-keys rotate` (`keys` are the "
        "organisations' API keys); the old name will go in a later release.",
        err=True,
    )
    rotate_signing_key()


@app.command()
def verify(
    receipt: Annotated[str, typer.Argument(help="The receipt, a file holding it, or - for stdin")],
    jwks: Annotated[
        Path | None, typer.Option(help="Key set file (jwks.json): verify offline, no database")
    ] = None,
) -> None:
    """Check a receipt's signature (and, without --jwks, its event against the log)."""
    from api.receipts import commands

    if jwks is None:
        _check_database()
    code, report = commands.verify(receipt, jwks)
    typer.echo(report, err=code == commands.USAGE)
    raise typer.Exit(code)


@app.command()
def audit() -> None:
    """Walk the event log's hash chain from the start; exit 1 listing every fault."""
    from api.receipts import commands

    _check_database()
    code, report = commands.audit()
    typer.echo(report)
    raise typer.Exit(code)


def _check_database() -> None:
    """Say in one line what is wrong with the database before a command that reads it."""
    from api.ops.database import command_engine

    with command_engine(get_settings()):
        pass


if __name__ == "__main__":
    app()
