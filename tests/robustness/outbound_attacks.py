"""Outbound attacks on webhook delivery, written against what every version of the service has
(api.webhooks.urls.check_url, DeliveryWorker), so the same attack measures old code and new:

    PYTHONPATH=<checkout> .venv/bin/python tests/robustness/outbound_attacks.py

prints how many disguised internal URLs subscription accepts, how many delivery would go to, and
how many connections a DNS-rebinding name got through to the internal canary. Only loopback is
ever connected to: the "internal" canary listens on 127.0.0.1, the "public" receiver on 127.0.0.2.
"""

import asyncio
import inspect
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from unittest import mock

REBINDING_NAME = "rebind.outbound.test"

# Internal destinations written in ways that hide what they are (issue 14, point 3). Each is an
# https URL a group could subscribe; none may ever be subscribed or delivered to.
DISGUISED_HOSTS = [
    # IPv4 loopback and "this host" in the forms inet_aton accepts.
    "127.1",
    "2130706433",
    "0x7f000001",
    "0177.0.0.1",
    "0",
    "0x7f.1",
    "0x7f.0.0.1",
    "017700000001",
    "127.000.000.001",
    "127.0.0.1.",
    "0.0.0.0",  # noqa: S104 (a destination here, never bound)
    # Private, shared and reserved IPv4.
    "10.0.0.1",
    "012.0.0.1",  # 10.0.0.1 in octal
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "0xa9fea9fe",  # the same, in hexadecimal
    "100.64.0.1",  # carrier-grade NAT
    "192.0.0.1",
    "192.0.2.1",
    "198.18.0.1",  # benchmarking
    "198.51.100.1",
    "203.0.113.1",
    "192.88.99.1",  # 6to4 relay
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    # IPv6 that is, or leads to, an internal IPv4 address or a non-global range.
    "[::1]",
    "[::]",
    "[::127.0.0.1]",  # IPv4-compatible loopback
    "[::ffff:127.0.0.1]",  # IPv4-mapped
    "[::ffff:10.0.0.1]",
    "[::ffff:7f00:1]",
    "[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
    "[64:ff9b::a00:1]",  # NAT64 of 10.0.0.1
    "[64:ff9b:1::a00:1]",  # local-use NAT64
    "[2002:7f00:1::1]",  # 6to4 of 127.0.0.1
    "[2001::1]",  # Teredo
    "[2001:2::1]",  # benchmarking
    "[2001:db8::1]",  # documentation
    "[3fff::1]",  # documentation
    "[fec0::1]",  # site-local
    "[fc00::1]",  # unique local
    "[fd12:3456::1]",
    "[fe80::1]",  # link-local
    "[ff02::1]",  # multicast
    "[ff0e::1]",
    "[100::1]",  # discard-only
    # Names for this machine.
    "localhost",
    "app.localhost",
]


def disguised_urls(port: int = 443) -> list[str]:
    return [f"https://{host}:{port}/hook" for host in DISGUISED_HOSTS]


def subscription_accepts(url: str) -> bool:
    """Whether the service's subscription check lets a group register `url` (production rules)."""
    from api.errors import ProblemError
    from api.webhooks.urls import check_url

    try:
        check_url(url, allow_loopback=False)
    except ProblemError:
        return False
    return True


def delivery_allows(url: str) -> bool:
    """Whether the delivery-time check would let the worker connect to `url` (production
    rules). Names other than `localhost` are not looked up: no query leaves this machine."""
    import api.webhooks.urls as urls

    real = socket.getaddrinfo

    def numeric_only(
        host: Any, port: Any, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
    ) -> Any:
        if host != "localhost":
            flags |= socket.AI_NUMERICHOST
        return real(host, port, family, type, proto, flags)

    with mock.patch("socket.getaddrinfo", numeric_only):
        if hasattr(urls, "destination_allowed"):  # the check before issue 14
            return bool(asyncio.run(urls.destination_allowed(url, allow_loopback=False)))
        from api.outbound import OutboundFailed, OutboundRefused, check_url, resolve_checked

        try:
            target = check_url(url, allow_loopback=False)
            asyncio.run(resolve_checked(target, allow_loopback=False))
        except (OutboundRefused, OutboundFailed):
            return False
        return True


class Canary:
    """A TCP listener that only counts the connections that reach it."""

    def __init__(self, host: str, port: int) -> None:
        self.hits = 0
        self._socket = socket.create_server((host, port))
        self._socket.settimeout(0.1)
        self.port = int(self._socket.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.hits += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._socket.close()


class Receiver:
    """A plain-http receiver answering 204 and counting what arrives."""

    def __init__(self, host: str, port: int = 0) -> None:
        self.arrivals: list[dict[str, str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", "0")))
                receiver.arrivals.append(dict(self.headers.items()))
                self.send_response(204)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def rebinding_dns(first: str, then: str) -> Iterator[list[str]]:
    """The system resolver, except that REBINDING_NAME answers `first` once, then `then` (a
    rebinding DNS server with a zero TTL). Yields the answers given, in order."""
    real = socket.getaddrinfo
    answers: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in (REBINDING_NAME, REBINDING_NAME.encode()):
            answers.append(first if not answers else then)
            return real(answers[-1], port, socket.AF_INET, socket.SOCK_STREAM)
        return real(host, port, *args, **kwargs)

    with mock.patch("socket.getaddrinfo", getaddrinfo):
        yield answers


def rebinding_attack(allow_loopback: bool = True) -> tuple[int, int, list[str]]:
    """Deliver to a name whose first answer is the receiver (127.0.0.2) and every later answer
    the internal canary (127.0.0.1, same port). (canary hits, receiver arrivals, DNS answers)."""
    receiver = Receiver("127.0.0.2")
    canary = Canary("127.0.0.1", receiver.port)
    try:
        with rebinding_dns("127.0.0.2", "127.0.0.1") as answers:
            asyncio.run(
                _deliver_once(f"http://{REBINDING_NAME}:{receiver.port}/hook", allow_loopback)
            )
    finally:
        canary.close()
        receiver.close()
    return canary.hits, len(receiver.arrivals), answers


def port_scan_outcomes(timeout_seconds: float = 1.0) -> dict[str, tuple[Any, Any, int]]:
    """What a group's delivery log shows for destinations it cannot see: a closed port, an open
    port that is no web server, a port that never answers, a private address. Each as (status,
    error, duration rounded to a tenth of the timeout): a scanner needs them to differ."""
    closed = socket.create_server(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    not_http = Canary("127.0.0.1", 0)  # accepts, then hangs up
    silent = socket.create_server(("127.0.0.1", 0))  # accepts into the backlog, never answers
    destinations = {
        "closed port": f"http://127.0.0.1:{closed_port}/",
        "open, not http": f"http://127.0.0.1:{not_http.port}/",
        "silent": f"http://127.0.0.1:{silent.getsockname()[1]}/",
        "private address": "https://10.0.0.1/",
    }
    outcomes = {}
    try:
        for kind, url in destinations.items():
            outcome = asyncio.run(_deliver_once(url, True, timeout_seconds))
            tenth = round(outcome.duration_ms / (timeout_seconds * 100))
            outcomes[kind] = (outcome.status_code, outcome.error, tenth)
    finally:
        not_http.close()
        silent.close()
    return outcomes


async def _deliver_once(url: str, allow_loopback: bool, timeout_seconds: float = 2.0) -> Any:
    """One delivery attempt by the service's worker, straight to `url` (no database needed)."""
    import httpx

    from api.webhooks.delivery import Claimed, DeliveryWorker

    worker: Any = DeliveryWorker(
        None,  # type: ignore[arg-type]  # _deliver does not touch the database
        timeout_seconds=timeout_seconds,
        max_attempts=1,
        retry_base_seconds=1,
        allow_loopback=allow_loopback,
    )
    message = Claimed("msg_rebinding", "end_rebinding", url, "whsec_" + "A" * 43 + "=", "{}")
    deliver: Callable[..., Any] = worker._deliver
    if "client" in inspect.signature(deliver).parameters:  # the worker before issue 14
        async with httpx.AsyncClient(timeout=timeout_seconds, follow_redirects=False) as client:
            return await deliver(client, message)
    return await deliver(message)


def main() -> None:
    urls = disguised_urls()
    accepted = [url for url in urls if subscription_accepts(url)]
    print(f"disguised internal URLs accepted at subscription: {len(accepted)} of {len(urls)}")
    for url in accepted:
        print(f"  accepted: {url}")
    passed = [url for url in urls if delivery_allows(url)]
    print(f"disguised internal URLs the delivery check lets through: {len(passed)} of {len(urls)}")
    for url in passed:
        print(f"  let through: {url}")
    outcomes = port_scan_outcomes()
    print(
        f"delivery log as a port scanner: {len(set(outcomes.values()))} distinguishable "
        f"outcome(s) for {len(outcomes)} kinds of unseen destination"
    )
    for kind, outcome in outcomes.items():
        print(f"  {kind}: {outcome}")
    hits, arrivals, answers = rebinding_attack()
    print(
        f"rebinding: {hits} connection(s) reached the internal canary, "
        f"{arrivals} delivery(ies) reached the checked receiver, DNS answered {answers}"
    )


if __name__ == "__main__":
    main()
