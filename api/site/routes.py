"""The web page: static files from this package, under a policy that admits only this origin.

The page is HTML, CSS and plain ES modules (no bundler, no CDN); it talks to the API on the same
origin, so it needs no CORS. The country list comes from the one list the service checks regions
against (api/policy/regions.toml), so the page never offers a code the API would refuse."""

from collections.abc import Awaitable, Callable
from importlib.resources import files
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.responses import FileResponse, JSONResponse, Response

from api.policy.regions import load_regions

STATIC = files("api.site") / "static"
ASSETS_URL = "/site"
# Nothing from elsewhere, no inline script or style, no framing, forms post nowhere.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# The page may change with each release; the browser asks again rather than show an old one.
_REVALIDATE = "no-cache"

router = APIRouter(include_in_schema=False)


def _page(name: str) -> FileResponse:
    return FileResponse(
        str(STATIC / name),
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": PAGE_POLICY, "Cache-Control": _REVALIDATE},
    )


@router.get("/")
async def web_page() -> FileResponse:
    return _page("index.html")


def _serving(name: str) -> Callable[[], Awaitable[FileResponse]]:
    # A closure, not a default argument: FastAPI would read a parameter from the query string.
    async def serve() -> FileResponse:
        return _page(name)

    return serve


def _add_pages() -> None:
    """Every other page of the site at its own address: `download.html` at /download."""
    for page in sorted(STATIC.iterdir(), key=lambda entry: entry.name):
        if page.name.endswith(".html") and page.name != "index.html":
            path = "/" + page.name.removesuffix(".html")
            router.add_api_route(path, _serving(page.name), methods=["GET"])


_add_pages()


@router.get(f"{ASSETS_URL}/countries.json")
async def countries() -> JSONResponse:
    body: dict[str, Any] = {"countries": sorted(load_regions().countries)}
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=86400"})


class _Assets(StaticFiles):
    """The page's modules and words carry no version in their names: the browser revalidates
    them (a cheap ETag check), as it does the page, so a release never runs yesterday's code."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = _REVALIDATE
        return response


def install_site(app: FastAPI) -> None:
    app.include_router(router)
    app.mount(ASSETS_URL, _Assets(directory=str(STATIC)), name="site-assets")
