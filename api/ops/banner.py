"""The few lines `ai-optout serve` prints at start: where the service answers, its docs and web
page, where the data lives, and the database's migration state."""

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.engine import make_url
from starlette.routing import BaseRoute, Match

from api.ops.database import shown, sqlite_file


def serves_root(routes: Sequence[BaseRoute]) -> bool:
    """Whether some route answers `GET /` (the web page)."""
    scope = {"type": "http", "method": "GET", "path": "/", "root_path": ""}
    return any(route.matches(scope)[0] is Match.FULL for route in routes)


def base_url(host: str, port: int) -> str:
    shown_host = f"[{host}]" if ":" in host else host
    return f"http://{shown_host}:{port}"


def banner(
    *,
    version: str,
    host: str,
    port: int,
    database_url: str,
    migrations: str,
    web_page: bool,
) -> str:
    base = base_url(host, port)
    # Listening on the wildcard address: say so, as the URL shown is not one to open.
    everywhere = " (every interface)" if host in ("0.0.0.0", "::") else ""  # noqa: S104
    path = sqlite_file(database_url)
    if path is not None:
        data = f"{Path(path).resolve()} (embedded SQLite)"
    else:
        parsed = make_url(database_url)
        where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
        data = f"PostgreSQL database {parsed.database or '(default)'} on {where}"
    lines = [
        f"AI Opt-Out {version} on {base}{everywhere}",
        f"  docs        {base}/docs",
        f"  web page    {base}/" + ("" if web_page else " (not built yet)"),
        f"  data        {data}",
        f"  database    {shown(database_url)}",
        f"  migrations  {migrations}",
        f"  ready?      {base}/readyz says what is missing, and what fixes it",
    ]
    return "\n".join(lines)
