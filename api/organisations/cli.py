"""`ai-optout orgs create NAME`, `orgs list`, and the organisations' API keys:
`keys issue --org ID --scopes …`, `keys revoke ID`, `keys list [--org ID]` (never a secret)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlmodel import Session

orgs_app = typer.Typer(
    help="Organisations: advocacy groups and dataset builders.", no_args_is_help=True
)
keys_app = typer.Typer(
    help="Organisations' API keys (the service's own signing keys: `signing-keys`).",
    no_args_is_help=True,
)
# As the admin API's schemas allow (api/organisations/schemas.py).
NAME_MAX = 200
KEY_NAME_MAX = 100


@orgs_app.command("create")
def create_organisation(
    name: Annotated[str, typer.Argument(help="The organisation's name")],
) -> None:
    """Admit an organisation; prints its id (issue it keys with `keys issue`)."""
    from api.ops.database import CommandError
    from api.organisations import service

    name = name.strip()
    if not name:
        raise CommandError('an organisation needs a name, e.g. `ai-optout orgs create "Name"`')
    if len(name) > NAME_MAX:
        raise CommandError(f"the name has {len(name)} characters; at most {NAME_MAX} fit")
    with _session() as session:
        organisation = service.create_organisation(session, name=name)
    typer.echo(organisation.id)


@orgs_app.command("list")
def list_organisations() -> None:
    """Every organisation: id, when it was admitted, its live API keys, name."""
    from sqlmodel import col, select

    from api.organisations.models import ApiKey, Organisation

    with _session(write=False) as session:
        organisations = list(
            session.exec(select(Organisation).order_by(col(Organisation.created_at)))
        )
        live: dict[str, int] = {}
        for key in session.exec(select(ApiKey).where(col(ApiKey.revoked_at).is_(None))):
            live[key.organisation_id] = live.get(key.organisation_id, 0) + 1
    if not organisations:
        typer.echo('no organisations yet: `ai-optout orgs create "Name"` admits one')
        return
    typer.echo(f"{'id':<32}  {'admitted':<16}  {'live keys':>9}  name")
    for organisation in organisations:
        typer.echo(
            f"{organisation.id:<32}  {_when(organisation.created_at):<16}  "
            f"{live.get(organisation.id, 0):>9}  {organisation.name}"
        )


@keys_app.command("issue")
def issue_key(
    org: Annotated[str, typer.Option("--org", help="The organisation's id")],
    scopes: Annotated[str, typer.Option(help="Comma-separated, e.g. stats:read,members:read")],
    name: Annotated[str, typer.Option(help="A label to tell keys apart")] = "",
) -> None:
    """Issue an API key. It is printed once; only its hash is kept."""
    from api.ops.database import CommandError
    from api.organisations import service

    if len(name) > KEY_NAME_MAX:
        raise CommandError(f"the key's name has {len(name)} characters; at most {KEY_NAME_MAX}")
    wanted = [scope.strip() for scope in scopes.split(",") if scope.strip()]
    with _session() as session, _unknown_organisation(org):
        issued = service.issue_key(session, organisation_id=org, scopes=wanted, name=name)
    typer.echo(f"key id  {issued.id}\nscopes  {' '.join(issued.scopes)}\n\n{issued.key}")
    typer.echo("\nShown once: store it now.", err=True)


@keys_app.command("revoke")
def revoke_key(key_id: Annotated[str, typer.Argument(help="The key's id")]) -> None:
    """Revoke an API key: requests with it get 401 from now on."""
    from api.errors import NotFound
    from api.ops.database import CommandError
    from api.organisations import service

    try:
        with _session() as session:
            service.revoke_key(session, key_id=key_id)
    except NotFound:
        raise CommandError(f"no API key {key_id}: `ai-optout keys list` shows them") from None
    typer.echo(f"revoked {key_id}")


@keys_app.command("list")
def list_keys(
    org: Annotated[str | None, typer.Option("--org", help="Only this organisation's keys")] = None,
) -> None:
    """API keys: id, organisation, scopes, when made, last used and revoked, label. Never the
    key itself: only its hash is kept."""
    from sqlmodel import col, select

    from api.organisations import service
    from api.organisations.models import Organisation

    with _session(write=False) as session:
        if org is None:
            ids = list(session.exec(select(Organisation.id).order_by(col(Organisation.created_at))))
        else:
            with _unknown_organisation(org):
                ids = [service.get_organisation(session, organisation_id=org).id]
        keys = [
            key
            for organisation_id in ids
            for key in service.keys_of(session, organisation_id=organisation_id)
        ]
    if not keys:
        typer.echo("no API keys yet: `ai-optout keys issue --org ID --scopes …` issues one")
        return
    typer.echo(
        f"{'key id':<32}  {'organisation':<32}  {'created':<16}  {'last used':<16}  "
        f"{'revoked':<16}  scopes  [name]"
    )
    for key in keys:
        label = f"  [{key.name}]" if key.name else ""
        typer.echo(
            f"{key.id:<32}  {key.organisation_id:<32}  {_when(key.created_at):<16}  "
            f"{_when(key.last_used_at):<16}  {_when(key.revoked_at):<16}  "
            f"{','.join(key.scopes)}{label}"
        )


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


@contextmanager
def _unknown_organisation(organisation_id: str) -> Iterator[None]:
    """An unknown organisation id, said with where to find the right one."""
    from api.ops.database import CommandError
    from api.organisations.service import UnknownOrganisation

    try:
        yield
    except UnknownOrganisation:
        raise CommandError(
            f"no organisation {organisation_id}: `ai-optout orgs list` shows them"
        ) from None


@contextmanager
def _session(*, write: bool = True) -> Iterator["Session"]:
    # Imported here so `ai-optout --help` stays quick.
    from api.config import get_settings
    from api.db import session_scope
    from api.ops.database import command_engine

    with command_engine(get_settings()) as engine, session_scope(engine, write=write) as session:
        yield session
