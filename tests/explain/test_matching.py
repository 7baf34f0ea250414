"""Each item gets its own verdict: explain matches the engine's answers to items by the item's
place in the request, so an engine that answered out of order, or once for equal items, could
never hand one item another's verdict."""

from collections.abc import Mapping
from datetime import date
from typing import Any

import orjson
import pytest

from api.explain import service
from api.explain.schemas import ExplainRequest
from api.policy import ItemFacts, PersonContext, PolicyVersion, Verdict, evaluate_many
from tests.explain.helpers import item

AS_OF = date(2026, 1, 15)
# Two platforms interleaved, verdicts that differ next to each other, and equal items twice.
ITEMS = [
    item(id="fb-public"),
    item(id="ig-private", platform="instagram", audience="followers"),
    item(id="fb-friends", audience="friends"),
    item(id="fb-public-again"),
    item(id="ig-public", platform="instagram", audience="public"),
    item(id="fb-unknown", audience="unknown"),
    item(id="ig-private-again", platform="instagram", audience="followers"),
]
EXPECTED = ["included", "excluded", "excluded", "included", "included", "uncertain", "excluded"]


def _explained(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    request = ExplainRequest.model_validate({"region": "DE", "as_of": AS_OF, "items": items})
    results: list[dict[str, Any]] = orjson.loads(
        orjson.dumps(service.explain(request, preferences=None).document)
    )["results"]
    return results


def _alone(given: dict[str, Any]) -> dict[str, Any]:
    """The answer the item gets when it is the only one asked about."""
    (result,) = _explained([given])
    return result


def _backwards_and_merged(
    items: Mapping[int, ItemFacts], context: PersonContext, as_of: date
) -> tuple[PolicyVersion, dict[int, Verdict]]:
    """The engine's answers, each distinct item judged once and the whole given back reversed."""
    distinct = {facts: key for key, facts in items.items()}
    version, judged = evaluate_many({key: facts for facts, key in distinct.items()}, context, as_of)
    by_facts = {facts: judged[key] for facts, key in distinct.items()}
    return version, {key: by_facts[items[key]] for key in reversed(list(items))}


def test_each_item_gets_the_answer_it_gets_alone() -> None:
    results = _explained(ITEMS)

    assert [result["id"] for result in results] == [given["id"] for given in ITEMS]
    assert [result["verdict"] for result in results] == EXPECTED
    assert results == [_alone(given) for given in ITEMS]


def test_an_engine_answering_out_of_order_and_once_for_equal_items_changes_no_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = [_alone(given) for given in ITEMS]
    monkeypatch.setattr(service, "evaluate_many", _backwards_and_merged)

    results = _explained(ITEMS)

    assert [result["verdict"] for result in results] == EXPECTED
    assert results == expected
