"""A real webhook receiver on 127.0.0.1: verifies each delivery's signature and, as receivers
must, keeps each `webhook-id` once."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from api.webhooks.signing import InvalidSignature, verify


class Receiver:
    def __init__(self, *, status: int = 204, delay: float = 0.0) -> None:
        self.secret = ""
        self.status = status
        self.delay = delay
        self.port = 0
        self.events: dict[str, bytes] = {}  # deduped by webhook-id
        self.arrivals: list[str] = []  # every delivery, duplicates included
        self.bad_signatures = 0
        self.headers: list[dict[str, str]] = []  # every delivery's headers, as received
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                receiver.take(dict(self.headers.items()), body)
                time.sleep(receiver.delay)
                try:
                    self.send_response(receiver.status)
                    self.send_header("content-length", "0")
                    self.end_headers()
                except OSError:  # the sender gave up waiting
                    pass

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def take(self, headers: dict[str, str], body: bytes) -> None:
        with self._lock:
            self.headers.append({name.lower(): value for name, value in headers.items()})
        try:
            message_id = verify(self.secret, headers, body)
        except InvalidSignature:
            with self._lock:
                self.bad_signatures += 1
            return
        with self._lock:
            self.arrivals.append(message_id)
            self.events.setdefault(message_id, body)
