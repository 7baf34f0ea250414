"""The outbound client against real servers on loopback: it connects only to the address it
checked (a rebinding resolver cannot turn it inward), follows no redirect, stops at its size and
time limits, ignores proxy settings, and checks TLS against the name while connecting to the
address. A "canary" on 127.0.0.1 counts every connection that an attack would have made."""

import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import trustme

import api.outbound.fetcher as fetcher
from api.outbound import OutboundFailed, OutboundRefused, fetch
from tests.robustness.outbound_attacks import Canary

BIG = 1024 * 1024


class Site:
    """A small HTTP(S) server on one loopback address; what it answers depends on the path."""

    def __init__(self, host: str, *, tls: ssl.SSLContext | None = None, canary: int = 0) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def _answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {name.lower(): value for name, value in self.headers.items()}
                site.requests.append((self.command, self.path, headers, body))
                try:
                    if self.path == "/redirect":
                        self._send(302, b"", location=f"http://127.0.0.1:{canary}/internal")
                    elif self.path == "/big":
                        self._send(200, b"x" * BIG)
                    elif self.path == "/endless":
                        self.send_response(200)
                        self.send_header("transfer-encoding", "chunked")
                        self.end_headers()
                        while True:
                            self.wfile.write(b"4000\r\n" + b"y" * 0x4000 + b"\r\n")
                    elif self.path == "/drip":
                        self.send_response(200)
                        self.send_header("content-length", "1000")
                        self.end_headers()
                        for _ in range(1000):
                            self.wfile.write(b"z")
                            self.wfile.flush()
                            time.sleep(0.1)
                    else:
                        self._send(200, f"host={self.headers['host']}".encode())
                except OSError:  # the client hung up, as it should
                    pass

            def _send(self, status: int, body: bytes, **headers: str) -> None:
                self.send_response(status)
                self.send_header("content-length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self._server.daemon_threads = True
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self.port = int(self._server.server_address[1])
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    """The "public" site on 127.0.0.2, with a canary on 127.0.0.1 at the same port."""
    public = Site("127.0.0.2")
    yield public
    public.close()


@pytest.fixture
def canary(site: Site) -> Iterator[Canary]:
    internal = Canary("127.0.0.1", site.port)
    yield internal
    internal.close()


class Rebinding:
    """A resolver stand-in: the first answer for a name, then another for every later lookup."""

    def __init__(self, first: list[str], then: list[str]) -> None:
        self.first, self.then = first, then
        self.lookups: list[tuple[str, int]] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append((host, port))
        return self.first if len(self.lookups) == 1 else self.then


async def test_the_connection_goes_to_the_checked_address_not_a_rebound_one(
    site: Site, canary: Canary
) -> None:
    resolver = Rebinding(["127.0.0.2"], ["127.0.0.1"])

    reply = await fetch(
        f"http://profiles.test:{site.port}/me",
        max_bytes=1000,
        timeout_seconds=5,
        allow_loopback=True,
        resolver=resolver,
    )

    assert reply.status == 200
    assert reply.body == f"host=profiles.test:{site.port}".encode()  # the name, not the address
    assert resolver.lookups == [("profiles.test", site.port)]  # resolved once
    assert canary.hits == 0


@pytest.mark.parametrize(
    "answers",
    [
        ["127.0.0.1"],
        ["8.8.8.8", "127.0.0.1"],  # one internal answer among public ones
        ["8.8.8.8", "10.0.0.1"],
        ["2606:4700::1111", "::ffff:127.0.0.1"],
        ["64:ff9b::7f00:1"],
    ],
)
async def test_a_name_with_any_internal_address_is_refused_before_connecting(
    site: Site, canary: Canary, answers: list[str]
) -> None:
    resolver = Rebinding(answers, ["127.0.0.2"])

    for method in ("GET", "POST"):
        with pytest.raises(OutboundRefused):
            await fetch(
                f"https://hooks.example.test:{site.port}/in",
                method=method,
                max_bytes=1000,
                timeout_seconds=5,
                allow_loopback=False,
                resolver=resolver,
            )
    assert canary.hits == 0
    assert site.requests == []


async def test_redirects_are_answers_never_followed(site: Site) -> None:
    canary = Canary("127.0.0.1", 0)
    redirecting = Site("127.0.0.2", canary=canary.port)
    try:
        reply = await fetch(
            f"http://127.0.0.2:{redirecting.port}/redirect",
            max_bytes=1000,
            timeout_seconds=5,
            allow_loopback=True,
        )
    finally:
        redirecting.close()
        canary.close()

    assert reply.status == 302
    assert reply.headers["location"].endswith("/internal")
    assert canary.hits == 0


@pytest.mark.parametrize("path", ["/big", "/endless"])
async def test_a_body_over_the_limit_is_cut(site: Site, path: str) -> None:
    started = time.monotonic()

    url = f"http://127.0.0.2:{site.port}{path}"

    reply = await fetch(url, max_bytes=5000, timeout_seconds=5, allow_loopback=True)

    assert reply.status == 200
    assert len(reply.body) == 5000 and reply.truncated
    assert time.monotonic() - started < 2


async def test_a_body_within_the_limit_is_whole(site: Site) -> None:
    reply = await fetch(
        f"http://127.0.0.2:{site.port}/big", max_bytes=BIG, timeout_seconds=5, allow_loopback=True
    )

    assert len(reply.body) == BIG and not reply.truncated


async def test_a_trickling_answer_stops_at_the_deadline(site: Site) -> None:
    started = time.monotonic()

    with pytest.raises(OutboundFailed):
        await fetch(
            f"http://127.0.0.2:{site.port}/drip",
            max_bytes=5000,
            timeout_seconds=1,
            allow_loopback=True,
        )
    # Each byte comes well within a per-read timeout; only a deadline on the whole stops it.
    assert 0.9 < time.monotonic() - started < 2


async def test_unreachable_and_unresolvable_fail(canary: Canary) -> None:
    canary.close()  # nothing listens there any more

    async def no_such_name(host: str, port: int) -> list[str]:
        raise OSError(f"{host}: Name or service not known")

    with pytest.raises(OutboundFailed):
        await fetch(
            f"http://127.0.0.1:{canary.port}/",
            max_bytes=10,
            timeout_seconds=2,
            allow_loopback=True,
        )
    with pytest.raises(OutboundFailed):
        await fetch(
            "https://nowhere.test/",
            max_bytes=10,
            timeout_seconds=2,
            allow_loopback=False,
            resolver=no_such_name,
        )


async def test_proxy_settings_in_the_environment_are_ignored(
    site: Site, canary: Canary, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = f"http://127.0.0.1:{canary.port}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, proxy)

    reply = await fetch(
        f"http://127.0.0.2:{site.port}/", max_bytes=100, timeout_seconds=5, allow_loopback=True
    )

    assert reply.status == 200
    assert canary.hits == 0


async def test_a_post_carries_its_body_and_headers_but_not_a_host_of_the_callers_choice(
    site: Site,
) -> None:
    await fetch(
        f"http://127.0.0.2:{site.port}/hook?x=1",
        method="POST",
        body=b'{"a": 1}',
        headers={"content-type": "application/json", "Host": "internal.example"},
        max_bytes=0,
        timeout_seconds=5,
        allow_loopback=True,
    )

    [(method, path, headers, body)] = site.requests
    assert (method, path, body) == ("POST", "/hook?x=1", b'{"a": 1}')
    assert headers["host"] == f"127.0.0.2:{site.port}"
    assert headers["content-type"] == "application/json"


async def test_tls_is_checked_against_the_name_while_connecting_to_the_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("profiles.test").configure_cert(server_context)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    monkeypatch.setattr(fetcher, "_tls_context", lambda: client_context)
    secure = Site("127.0.0.2", tls=server_context)

    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.2"]

    try:
        reply = await fetch(
            f"https://profiles.test:{secure.port}/me",
            max_bytes=100,
            timeout_seconds=5,
            allow_loopback=True,
            resolver=resolver,
        )
        with pytest.raises(OutboundFailed):  # the certificate does not name this host
            await fetch(
                f"https://other.test:{secure.port}/me",
                max_bytes=100,
                timeout_seconds=5,
                allow_loopback=True,
                resolver=resolver,
            )
    finally:
        secure.close()

    assert reply.status == 200
    assert reply.body == f"host=profiles.test:{secure.port}".encode()
