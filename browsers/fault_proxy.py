"""A loopback proxy in front of the real service that answers chosen requests with faults.

`faults[path]` is a queue of (status, headers) answered, one per request, before requests to
that path reach the service again; `hold` forwards one and sits on the answer. Everything else
is forwarded as it came. Every request is noted with the status the browser got, and handed
whole to `listener` when one is given (Firefox's background requests are seen nowhere else).
Standard library server, httpx to the service.
"""

import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

HOLD = 0  # a "fault" that forwards the request and delays the answer
_HOP_BY_HOP = {
    "connection",
    "transfer-encoding",
    "content-length",
    "content-encoding",
    "keep-alive",
}


# Called with each request as it came: method, path with query, headers, body.
Listener = Callable[[str, str, dict[str, str], bytes], None]


@dataclass
class FaultProxy:
    url: str
    faults: dict[str, deque[tuple[int, dict[str, str]]]] = field(
        default_factory=lambda: defaultdict(deque)
    )
    seen: list[tuple[str, str, int]] = field(default_factory=list)
    forwarded: list[tuple[str, str]] = field(default_factory=list)  # what reached the service
    # Each request's method, path, and when it came and its answer was written (epoch ms).
    timed: list[tuple[str, str, float, float]] = field(default_factory=list)

    def fail(self, path: str, *answers: tuple[int, dict[str, str]]) -> None:
        self.faults[path].extend(answers)

    def hold(self, path: str, seconds: float) -> None:
        """Forward the next request to `path`, then sit on the service's answer for `seconds`."""
        self.faults[path].append((HOLD, {"seconds": str(seconds)}))

    def statuses(self, method: str, path: str) -> list[int]:
        return [status for m, p, status in self.seen if (m, p) == (method, path)]


@contextmanager
def fault_proxy(upstream: str, listener: Listener | None = None) -> Iterator[FaultProxy]:
    lock = threading.Lock()
    client = httpx.Client(base_url=upstream, timeout=10)
    proxy = FaultProxy(url="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _answer(self) -> None:
            came = time.time() * 1000
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if listener is not None:
                listener(self.command, self.path, dict(self.headers.items()), body)
            path = self.path.split("?", 1)[0]
            with lock:
                queued = proxy.faults.get(path)
                fault = queued.popleft() if queued else None
            delay = 0.0
            if fault is not None and fault[0] == HOLD:
                delay, fault = float(fault[1]["seconds"]), None
            if fault is not None:
                status, headers = fault
                content = json.dumps({"type": "about:blank", "status": status, "title": "fault"})
                payload = content.encode()
                headers = {"Content-Type": "application/problem+json", **headers}
            else:
                forwarded = {
                    k: v for k, v in self.headers.items() if k.lower() not in {"host", *_HOP_BY_HOP}
                }
                got = client.request(self.command, self.path, content=body, headers=forwarded)
                with lock:
                    proxy.forwarded.append((self.command, path))
                status, payload = got.status_code, got.content
                headers = {k: v for k, v in got.headers.items() if k.lower() not in _HOP_BY_HOP}
            time.sleep(delay)
            with lock:
                proxy.seen.append((self.command, path, status))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
            with lock:
                proxy.timed.append((self.command, path, came, time.time() * 1000))

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def do_PUT(self) -> None:
            self._answer()

        def do_DELETE(self) -> None:
            self._answer()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    proxy.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fault-proxy", daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
        client.close()
