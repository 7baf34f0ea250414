"""The API docs (Swagger UI at /docs, ReDoc at /redoc), served with no CDN.

FastAPI's own pages load their scripts from a CDN, so they are blank on a machine without
internet. The scripts and styles come from the `fastapi-offline` package instead, served under
/docs/assets, and each page carries a Content-Security-Policy that admits nothing from elsewhere:
its one inline script is allowed by its hash, not by 'unsafe-inline'."""

import base64
import hashlib
import re
from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse

DOCS_URL, REDOC_URL = "/docs", "/redoc"
ASSETS_URL = "/docs/assets"
_OAUTH2_REDIRECT_URL = "/docs/oauth2-redirect"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def install_docs(app: FastAPI) -> None:
    """Serve /docs and /redoc for `app` (built with `docs_url=None, redoc_url=None`)."""
    assets = files("fastapi_offline") / "static"
    app.mount(ASSETS_URL, StaticFiles(directory=str(assets)), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"
    swagger = _with_policy(
        get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} – API reference",
            oauth2_redirect_url=_OAUTH2_REDIRECT_URL,
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
        )
    )
    redoc = _with_policy(
        get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} – API reference",
            redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )
    )
    redirect = _with_policy(get_swagger_ui_oauth2_redirect_html())

    # The pages never change while the process runs: built once, answered as they are.
    @app.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return swagger

    @app.get(REDOC_URL, include_in_schema=False)
    async def redoc_ui() -> HTMLResponse:
        return redoc

    @app.get(_OAUTH2_REDIRECT_URL, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return redirect


def _with_policy(page: HTMLResponse) -> HTMLResponse:
    html = bytes(page.body).decode()
    hashes = " ".join(f"'sha256-{_digest(script)}'" for script in _INLINE_SCRIPT.findall(html))
    policy = (
        "default-src 'none'; "
        f"script-src 'self' {hashes}; "
        # Both UIs set styles at run time (ReDoc through injected <style> elements).
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        "worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": policy})


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
