"""The metrics an operator is promised: what the docs name, what the example dashboard and alert
rules query, and what `GET /metrics` exposes are the same names; the explained-items counter
counts what explain answered."""

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import yaml
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DASHBOARD = DOCS / "grafana-dashboard.json"
ALERTS = DOCS / "prometheus-alerts.yml"
METRIC_NAME = re.compile(r"\bai_optout_[a-z0-9_]+")
# What a family's samples are called besides its own name.
SAMPLE_SUFFIXES = ("", "_total", "_created", "_bucket", "_count", "_sum")
# One of each verdict (tests/explain/test_routes.py), and an id that spells what the counter looks
# for: it is escaped in the answer, so it must not count.
ITEMS: list[dict[str, Any]] = [
    {
        "id": str(n),
        "platform": "facebook",
        "kind": "post",
        "audience": audience,
        "created_at": "2021-05-03",
        "author": "self",
        "author_age": "adult",
    }
    for n, audience in enumerate(["public", "friends", "unknown", "public", "friends"])
]
ITEMS[3]["id"] = '"verdict":"excluded","may_already_be_used"'


async def _exposed(client: httpx.AsyncClient) -> tuple[set[str], set[str]]:
    """The metric families /metrics exposes and the names of their samples."""
    response = await client.get("/metrics")
    assert response.status_code == 200
    families = list(text_string_to_metric_families(response.text))
    return {f.name for f in families}, {s.name for f in families for s in f.samples}


def _documented() -> set[str]:
    """Every `ai_optout_` name in the README and the docs' prose (examples are checked apart)."""
    texts = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    return {name for path in texts for name in METRIC_NAME.findall(path.read_text())}


def _expressions(node: Any) -> list[str]:
    """Every PromQL expression in a dashboard (`expr` of its targets) or a rule file (`expr`)."""
    if isinstance(node, dict):
        found = [node["expr"]] if isinstance(node.get("expr"), str) else []
        return found + [e for value in node.values() for e in _expressions(value)]
    if isinstance(node, list):
        return [e for value in node for e in _expressions(value)]
    return []


def _route_templates(app: FastAPI) -> set[str]:
    """Every route's template, as the metrics' `route` label names it."""
    return {c.path_format for c in iter_route_contexts(app.routes) if c.path_format is not None}


async def test_every_documented_metric_is_exposed_and_every_exposed_one_documented(
    client: httpx.AsyncClient,
) -> None:
    # One request of each kind, so every labelled series has a sample.
    explained = await client.post("/v1/explain", json={"region": "DE", "items": ITEMS[:1]})
    assert explained.status_code == 200, explained.text
    families, samples = await _exposed(client)
    documented = _documented()

    assert documented, "the docs name no metric"
    assert not documented - (families | samples), "documented but not exposed"
    # The Prometheus text format has no `created` line: the client writes a counter's and a
    # histogram's creation time as a gauge of its own, `<family>_created`, part of that family.
    own = {family.removesuffix("_created") for family in families}
    undocumented = {
        family
        for family in own
        if family.startswith("ai_optout_")
        and not any(family + suffix in documented for suffix in SAMPLE_SUFFIXES)
    }
    assert not undocumented, "exposed but not documented"
    assert "ai_optout_explained_items_total" in documented & samples


async def test_the_example_dashboard_and_alert_rules_query_only_exposed_metrics_and_routes(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await client.get("/v1/me/preferences")  # a 401: the status is a label, as in the examples
    _, samples = await _exposed(client)
    routes = _route_templates(app)
    dashboard = json.loads(DASHBOARD.read_text())
    rules = yaml.safe_load(ALERTS.read_text())

    for name, document in (("dashboard", dashboard), ("alert rules", rules)):
        expressions = _expressions(document)
        used = {metric for e in expressions for metric in METRIC_NAME.findall(e)}
        assert used, f"the {name} query no ai_optout_ metric"
        assert not used - samples, f"the {name} query metrics /metrics does not expose"
        named_routes = {
            route
            for e in expressions
            for pattern in re.findall(r'route=~?"([^"]+)"', e)
            for route in pattern.split("|")
        }
        assert not named_routes - routes, f"the {name} name routes the service does not have"
    # Everything in the files, not only the expressions, names real metrics.
    everywhere = METRIC_NAME.findall(DASHBOARD.read_text() + ALERTS.read_text())
    assert set(everywhere) <= samples
    assert {rule["alert"] for group in rules["groups"] for rule in group["rules"]} >= {
        "AiOptOutServerErrors",
        "AiOptOutNotReady",
    }
    assert all(panel["targets"] for panel in dashboard["panels"])


async def test_explained_items_are_counted_by_the_verdict_each_got(
    client: httpx.AsyncClient,
) -> None:
    before = await _verdict_counts(client)
    assert set(before) == {"included", "excluded", "uncertain"}  # at 0 before any explain

    response = await client.post(
        "/v1/explain", json={"region": "DE", "as_of": "2026-01-15", "items": ITEMS}
    )
    assert response.status_code == 200, response.text
    answered = Counter(result["verdict"] for result in response.json()["results"])
    assert any(result["flip"] for result in response.json()["results"])  # verdicts within flips
    after = await _verdict_counts(client)

    assert answered == Counter({"included": 2, "excluded": 2, "uncertain": 1})
    assert {v: after[v] - before[v] for v in after} == {v: answered[v] for v in after}

    refused = await client.post("/v1/explain", json={"items": [{"id": "x"}]})
    assert refused.status_code == 422
    assert await _verdict_counts(client) == after


async def _verdict_counts(client: httpx.AsyncClient) -> dict[str, float]:
    text = (await client.get("/metrics")).text
    return {
        sample.labels["verdict"]: sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "ai_optout_explained_items"
        for sample in family.samples
        if sample.name == "ai_optout_explained_items_total"
    }
