"""`ai-optout page-rules publish FILE`: validate a page-rules document, sign it with the
service's key and store it as the version in force; `page-rules show`: the version served."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from pydantic import ValidationError

page_rules_app = typer.Typer(
    help="The page rules the extension reads pages with (signed data, never code).",
    no_args_is_help=True,
)


@page_rules_app.command("publish")
def publish(
    file: Annotated[Path, typer.Argument(help="The document: {version, issued_at, rules} JSON")],
) -> None:
    """Check FILE against the schema, sign it and serve it at /v1/page-rules."""
    from pydantic import ValidationError

    from api.config import get_settings
    from api.db import session_scope
    from api.errors import ProblemError
    from api.ops.database import CommandError, command_engine
    from api.page_rules import service
    from api.signing.keyring import KeyRing

    try:
        document = service.parse(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"cannot read {file}: {error.strerror}") from None
    except ValueError as error:  # JSON syntax, or the schema (ValidationError is one)
        said = _first_error(error) if isinstance(error, ValidationError) else str(error)
        raise CommandError(f"{file} is not a page-rules document: {said}") from None
    with command_engine(get_settings()) as engine:
        keyring = KeyRing(engine)
        keyring.prime()
        try:
            with session_scope(engine) as session:
                row = service.publish(session, document=document, key=keyring.signing_key())
                version, kid = row.version, row.kid
        except ProblemError as error:
            raise CommandError(str(error.detail or error)) from None
    typer.echo(f"page rules version {version} published, signed with key {kid}")


@page_rules_app.command("show")
def show() -> None:
    """The version served now, when it was published and the key that signed it."""
    from api.config import get_settings
    from api.db import session_scope
    from api.ops.database import command_engine
    from api.page_rules import service

    with command_engine(get_settings()) as engine, session_scope(engine, write=False) as session:
        row = service.latest(session)
        said = (
            f"version {row.version}, published {row.published_at:%Y-%m-%d %H:%M}, key {row.kid}"
            if row
            else "nothing published: the extension reads with its bundled rules"
        )
    typer.echo(said)


def _first_error(error: "ValidationError") -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "the document"
    return f"{where}: {first['msg']}"
