"""Prometheus metrics: requests by route template, status and latency (no paths with ids)."""

import time

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "ai_optout_http_requests",
            "HTTP requests answered",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "ai_optout_http_request_duration_seconds",
            "Time to answer a request",
            ["method", "route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
            registry=self.registry,
        )
        self.explained_items = Counter(
            "ai_optout_explained_items", "Items explained", ["verdict"], registry=self.registry
        )


class MetricsMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware), so it costs microseconds per request."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self._templates: dict[int, str] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = _route_template(scope, self._templates)
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route).observe(
                time.perf_counter() - started
            )


def _route_template(scope: Scope, templates: dict[int, str]) -> str:
    """The full path template of the route that answered (`/v1/things/{id}`), never raw ids."""
    route = scope.get("route")
    relative = getattr(route, "path", None)
    pattern = getattr(route, "path_regex", None)
    if route is None or not isinstance(relative, str) or pattern is None:
        return "unmatched"
    known = templates.get(id(route))
    if known is not None:
        return known
    # Included routes keep their own relative path; the prefix is what precedes the match.
    path: str = scope["path"]
    for cut in [i for i, char in enumerate(path) if char == "/"]:
        if pattern.match(path[cut:]):
            templates[id(route)] = path[:cut] + relative
            return templates[id(route)]
    return relative
