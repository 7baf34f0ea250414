"""`ai-optout page-reports export`: every report in full, one JSON object per line, and
`page-reports list`: the groups, most reported first."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

page_reports_app = typer.Typer(
    help='"This page looks wrong" reports: page shapes, never anyone\'s data.',
    no_args_is_help=True,
)


@page_reports_app.command("export")
def export(
    output: Annotated[Path | None, typer.Option(help="Write here (default: stdout)")] = None,
    rules_version: Annotated[
        int | None, typer.Option(help="Only this rules version", min=0, max=2**31 - 1)
    ] = None,
    since: Annotated[datetime | None, typer.Option(help="Only reports from then on (UTC)")] = None,
) -> None:
    """Every report, shape and findings included, as JSON lines, oldest first."""
    import json
    from datetime import UTC

    from api.config import get_settings
    from api.db import session_scope
    from api.ops.database import command_engine
    from api.page_reports import service

    since = since.replace(tzinfo=UTC) if since and since.tzinfo is None else since
    with command_engine(get_settings()) as engine, session_scope(engine, write=False) as session:
        lines = (
            json.dumps(report, ensure_ascii=False) + "\n"
            for report in service.export(session, rules_version=rules_version, since=since)
        )
        if output is None:
            for line in lines:
                typer.echo(line, nl=False)
        else:
            with output.open("w", encoding="utf-8") as file:
                file.writelines(lines)


@page_reports_app.command("list")
def list_groups(
    rules_version: Annotated[
        int | None, typer.Option(help="Only this rules version", min=0, max=2**31 - 1)
    ] = None,
    # At most the API's page (MAX_GROUPS), read at import without loading the service.
    limit: Annotated[int, typer.Option(help="Groups to show", min=1, max=500)] = 100,
    offset: Annotated[int, typer.Option(help="Groups to skip", min=0, max=2**31 - 1)] = 0,
) -> None:
    """Groups of reports by rules version and page shape, most reported first."""
    from api.config import get_settings
    from api.db import session_scope
    from api.ops.database import command_engine
    from api.page_reports import service

    with command_engine(get_settings()) as engine, session_scope(engine, write=False) as session:
        page = service.groups(session, rules_version=rules_version, limit=limit, offset=offset)
    if not page.groups:
        typer.echo("no page reports")
        return
    typer.echo(f"{'reports':>7} {'rules':>11} {'platform':<9} {'shape':<16} path")
    for g in page.groups:
        typer.echo(
            f"{g.reports:>7} {g.rules_version:>11} {g.platform:<9} {g.shape_hash[:16]:<16} "
            f"{g.path_shape}"
        )
    if page.next_offset is not None:
        typer.echo(f"more: --offset {page.next_offset}")
