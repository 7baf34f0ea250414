"""Proving profiles in tests, straight through the service (no page to fetch): a profile
reaches bulk checks and member lists only once it is proved (api/profiles)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.checks import feed
from api.db import session_scope
from api.nudges import NO_NUDGES, Nudges
from api.platforms import Platform
from api.profiles import service


def prove(
    engine: Engine,
    account_id: str,
    *profiles: tuple[str, str],
    nudges: Nudges = NO_NUDGES,
) -> None:
    """Prove these (platform, canonical profile) of the account, or every profile its
    preferences name when none are given."""
    with session_scope(engine, write=True) as session:
        wanted = profiles or tuple(service.linked_profiles(session, account_id=account_id))
        for platform, profile in wanted:
            service.mark_verified(
                session,
                account_id=account_id,
                platform=cast(Platform, platform),
                profile=profile,
                feed=feed.record,
                nudges=nudges,
            )


def prove_in(app: FastAPI, account_id: str, *profiles: tuple[str, str]) -> None:
    """`prove` in a running app's database, nudging its check index as a request would."""
    prove(app.state.engine, account_id, *profiles, nudges=app.state.nudges)


class ProfilePages:
    """A loopback stand-in for the platforms' public profile pages (never the real sites):
    `pages[path] = (status, html)`; any other path answers 404."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str]] = {}
        self.requests: list[str] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stand_in.requests.append(self.path)
                status, html = stand_in.pages.get(self.path, (404, "<html>not found</html>"))
                body = html.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def base_urls(self) -> dict[str, str]:
        """`profile_page_base_urls` pointing at this stand-in, one prefix per platform."""
        return {"facebook": f"{self.base_url}/fb/", "instagram": f"{self.base_url}/ig/"}

    def show(self, platform: str, profile: str, *codes: str, status: int = 200) -> None:
        """The profile's page, with these codes in its bio."""
        prefix = "fb" if platform == "facebook" else "ig"
        path = (
            f"/{prefix}/profile.php?id={profile[3:]}"
            if profile.startswith("id:")
            else (f"/{prefix}/{profile}/")
        )
        bio = " ".join(codes)
        self.pages[path] = (status, f"<html><body><div class='bio'>Hi! {bio}</div></body></html>")

    def __enter__(self) -> "ProfilePages":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
