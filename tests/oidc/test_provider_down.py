"""A provider that is down or misbehaving: a 502/503 problem, and nothing written."""

import http.server
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.config import Settings
from api.main import create_app
from api.oidc.models import OidcFlow, OidcIdentity
from tests.conftest import Person, sign_up
from tests.oidc.conftest import provider_settings
from tests.oidc.flows import count, finish, new_subject, start
from tests.oidc.provider import MockProvider, authorise, free_port
from tests.support.problems import assert_problem


@pytest.fixture
def flaky() -> Iterator[MockProvider]:
    """A provider of this test's own, which the test stops."""
    provider = MockProvider(free_port()).start()
    yield provider
    provider.stop()


@pytest.fixture
def app(settings: Settings, engine: Engine, flaky: MockProvider) -> FastAPI:
    gone = MockProvider(free_port())  # nothing ever listens there
    gone.client_id = "never-registered"
    providers = [provider_settings(flaky, name="flaky"), provider_settings(gone, name="gone")]
    return create_app(settings.model_copy(update={"oidc_providers": providers}), engine=engine)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_a_provider_that_cannot_be_reached_is_503_before_anything_is_written(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    person = await sign_up(client)

    response = await start(client, "link", person, provider="gone")

    assert_problem(response, 503, "oidc-provider-unavailable")
    assert count(engine, OidcFlow) == 0


async def test_a_provider_stopped_mid_flow_is_503_and_nothing_is_linked(
    client: httpx.AsyncClient, engine: Engine, flaky: MockProvider
) -> None:
    person: Person = await sign_up(client)
    started = await start(client, "link", person, provider="flaky")
    assert started.status_code == 200, started.text
    code, state = authorise(started.json()["authorization_url"], subject=new_subject())
    flaky.stop()

    response = await finish(client, code, state, person, provider="flaky")

    assert_problem(response, 503, "oidc-provider-unavailable")
    assert count(engine, OidcIdentity) == 0
    listed = await client.get("/v1/me/oidc-identities", headers=person.headers)
    assert listed.json() == {"identities": []}
    # The attempt is not used up: once the provider is back, the person can try again.
    assert count(engine, OidcFlow) == 1


async def test_a_provider_answering_garbage_is_502(
    client: httpx.AsyncClient, engine: Engine, flaky: MockProvider
) -> None:
    person = await sign_up(client)
    started = await start(client, "link", person, provider="flaky")
    code, state = authorise(started.json()["authorization_url"], subject=new_subject())
    flaky.stop()
    # Another server on the provider's port answering HTML to every request.
    with _html_server(flaky.port):
        response = await finish(client, code, state, person, provider="flaky")

    assert_problem(response, 502, "oidc-provider-error")
    assert count(engine, OidcIdentity) == 0


@contextmanager
def _html_server(port: int) -> Iterator[None]:
    """A loopback HTTP server that answers every request with an HTML page."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _HtmlPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


class _HtmlPage(http.server.BaseHTTPRequestHandler):
    def _page(self) -> None:
        body = b"<html>maintenance</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _page  # noqa: N815 (the names http.server looks up)

    def log_message(self, *_args: object) -> None:
        pass
