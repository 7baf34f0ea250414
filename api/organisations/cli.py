"""`ai-optout orgs create NAME`, `ai-optout keys issue --org ID --scopes …`, `keys revoke ID`."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlmodel import Session

orgs_app = typer.Typer(
    help="Organisations: advocacy groups and dataset builders.", no_args_is_help=True
)


@orgs_app.command("create")
def create_organisation(
    name: Annotated[str, typer.Argument(help="The organisation's name")],
) -> None:
    """Admit an organisation; prints its id (issue it keys with `keys issue`)."""
    from api.organisations import service

    with _session() as session:
        organisation = service.create_organisation(session, name=name.strip())
    typer.echo(organisation.id)


def issue_key(
    org: Annotated[str, typer.Option("--org", help="The organisation's id")],
    scopes: Annotated[str, typer.Option(help="Comma-separated, e.g. stats:read,members:read")],
    name: Annotated[str, typer.Option(help="A label to tell keys apart")] = "",
) -> None:
    """Issue an API key. It is printed once; only its hash is kept."""
    from api.errors import ProblemError
    from api.organisations import service

    wanted = [scope.strip() for scope in scopes.split(",") if scope.strip()]
    try:
        with _session() as session:
            issued = service.issue_key(session, organisation_id=org, scopes=wanted, name=name)
    except ProblemError as error:
        typer.echo(error.detail or error.title, err=True)
        raise typer.Exit(1) from None
    typer.echo(f"key id  {issued.id}\nscopes  {' '.join(issued.scopes)}\n\n{issued.key}")
    typer.echo("\nShown once: store it now.", err=True)


def revoke_key(key_id: Annotated[str, typer.Argument(help="The key's id")]) -> None:
    """Revoke an API key: requests with it get 401 from now on."""
    from api.errors import ProblemError
    from api.organisations import service

    try:
        with _session() as session:
            service.revoke_key(session, key_id=key_id)
    except ProblemError as error:
        typer.echo(error.detail or error.title, err=True)
        raise typer.Exit(1) from None
    typer.echo(f"revoked {key_id}")


def add_key_commands(keys_app: typer.Typer) -> None:
    """Put `issue` and `revoke` (organisation API keys) beside the signing-key commands."""
    keys_app.command("issue")(issue_key)
    keys_app.command("revoke")(revoke_key)


@contextmanager
def _session() -> Iterator["Session"]:
    # Imported here so `ai-optout --help` stays quick.
    from api.config import get_settings
    from api.db import make_engine, session_scope

    engine = make_engine(get_settings().effective_database_url)
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()
