"""Prometheus metrics: requests by route template, status and latency (no paths with ids), and
the items explained, by verdict. `api.middleware.EdgeMiddleware` observes every request; the
explain route counts its verdicts.

Every name here is promised in docs/operations.md and used by docs/grafana-dashboard.json and
docs/prometheus-alerts.yml; tests/ops/test_metrics.py holds the three to each other."""

from typing import Any, get_args

from prometheus_client import CollectorRegistry, Counter, Histogram

from api.policy.verdict import VerdictValue

_MAX_CACHED = 4096
VERDICTS: tuple[str, ...] = get_args(VerdictValue)


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
            "ai_optout_explained_items",
            "Items explained by POST /v1/explain, by verdict",
            ["verdict"],
            registry=self.registry,
        )
        # The labelled children, found once: `labels()` takes a lock and builds a key each call.
        self._counters: dict[tuple[str, str, int], Any] = {}
        self._timers: dict[tuple[str, str], Any] = {}
        # Every verdict from the start, so a dashboard shows 0 rather than no series.
        self._verdicts = {verdict: self.explained_items.labels(verdict) for verdict in VERDICTS}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """One answered request. Routes are templates, so the label sets stay few."""
        counter = self._counters.get((method, route, status))
        if counter is None:
            counter = self.requests.labels(method, route, str(status))
            if len(self._counters) < _MAX_CACHED:  # methods are the caller's to choose
                self._counters[method, route, status] = counter
        counter.inc()
        timer = self._timers.get((method, route))
        if timer is None:
            timer = self.latency.labels(method, route)
            if len(self._timers) < _MAX_CACHED:
                self._timers[method, route] = timer
        timer.observe(seconds)

    def explained(self, verdict: str, items: int) -> None:
        """`items` more items explained with `verdict`."""
        if items:
            self._verdicts[verdict].inc(items)
