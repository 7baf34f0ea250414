"""Explaining a batch of items: the person's context from the request or their preferences,
then the policy engine. Nothing of the request is stored or logged."""

from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

import orjson

from api.errors import ProblemError
from api.explain.schemas import ExplainItem, ExplainRequest, ObjectionFacts, impossible_facts
from api.languages import DEFAULT_LANGUAGE, Language
from api.policy import (
    ItemFacts,
    Objection,
    PersonContext,
    PolicyNotInForce,
    PolicyVersion,
    Verdict,
    evaluate_many,
    item_facts,
)
from api.policy.catalog import EARLIEST, load_catalog
from api.policy.flip_text import flip_text
from api.policy.translations import translate, verdict_in
from api.preferences.schemas import PreferencesOut

# Objection states in which Meta has, or had, the person's objection: a withdrawn one covered
# what it covered until the day it was withdrawn.
FILED_STATES = frozenset({"submitted", "confirmed", "withdrawn"})


class DateOutOfRange(ProblemError):
    status, code, title = 422, "as-of-out-of-range", "No policy is known for that date"


class ImpossibleFacts(Exception):
    """Facts that cannot be (an item made after the day it is judged on, an audience its platform
    does not have), worded as pydantic words validation errors: the route refuses them as invalid
    input, like any other."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


class Explained(NamedTuple):
    document: dict[str, Any]  # the answer, results in item order
    verdicts: Counter[str]  # how many items got each verdict (for the service's metrics)


def explain(
    request: ExplainRequest,
    *,
    preferences: PreferencesOut | None,
    lang: Language = DEFAULT_LANGUAGE,
    today: date | None = None,
) -> Explained:
    """The answer in `lang`, and how many items got each verdict. Pure: reads and writes
    nothing."""
    today = today or datetime.now(UTC).date()
    as_of = request.as_of or today
    region = request.region or (preferences.region if preferences else None)
    # The cheap checks before any judging, in the order a client is told: a day no policy
    # covers is named first, then the facts that cannot be.
    version = _in_force(region, as_of)
    if impossible := impossible_facts(request, today):
        raise ImpossibleFacts(impossible)
    objections = _objections(request.objection, preferences)
    facts = [
        item_facts(
            item.platform,
            item.kind,
            item.audience,
            item.created_at,
            item.author,
            item.author_age,
            item.author_age_at_posting,
        )
        for item in request.items
    ]
    verdicts = _evaluate_by_platform(facts, region, objections, as_of)
    document = {
        "policy": {
            "id": version.id,
            "title": translate(version.title, lang),
            "effective_from": version.effective_from,
            "effective_until": version.effective_until,
        },
        "as_of": as_of,
        "region": region,
        "lang": lang,
        "results": _results(request.items, verdicts, lang),
    }
    return Explained(document, Counter(verdict.verdict for verdict in verdicts))


def _in_force(region: str | None, as_of: date) -> PolicyVersion:
    """The version the items will be judged against; DateOutOfRange where none covers `as_of`."""
    try:
        return load_catalog().in_force(
            PersonContext(region=region).region, as_of, before_start=True
        )
    except PolicyNotInForce as error:
        earliest = EARLIEST if as_of < EARLIEST else load_catalog().starts
        raise DateOutOfRange(f"as_of must be on or after {earliest.isoformat()}") from error


def _objections(
    given: ObjectionFacts | None, preferences: PreferencesOut | None
) -> dict[str, Objection | None]:
    """The objection that applies to each platform's items."""
    if given is not None:
        scope = given.scope if given.scope == "all" else tuple(given.scope)
        shared = Objection(given.filed_on, scope, given.withdrawn_on)
        return defaultdict(lambda: shared)
    found: dict[str, Objection | None] = defaultdict(lambda: None)
    if preferences is None:
        return found
    scope = preferences.scope if preferences.scope == "all" else tuple(preferences.scope)
    filed = [
        (account, Objection(filed_on, scope, account.objection.withdrawn_on))
        for account in preferences.accounts
        if account.objection.state in FILED_STATES
        and (filed_on := account.objection.submitted_on) is not None
    ]
    # One objection covers every account in the same Accounts Center (meta-policy.md, sources
    # 20 and 21): a platform whose accounts are marked so is covered by the marked ones' too.
    centre = [objection for account, objection in filed if account.accounts_center]
    for platform in {account.platform for account in preferences.accounts}:
        own = [objection for account, objection in filed if account.platform == platform]
        marked = any(a.accounts_center for a in preferences.accounts if a.platform == platform)
        candidates = own + centre if marked else own
        if candidates:
            found[platform] = max(candidates, key=_latest)
    return found


def _latest(objection: Objection) -> tuple[date, bool]:
    """With several objections, the latest filed is the one we can vouch for; on the same day,
    a withdrawn one (it covers less)."""
    return objection.filed_on, objection.withdrawn_on is not None


def _evaluate_by_platform(
    facts: list[ItemFacts],
    region: str | None,
    objections: dict[str, Objection | None],
    as_of: date,
) -> list[Verdict]:
    """Each item's verdict, in item order. The engine answers by each item's position in the
    request, never by the order it answers in."""
    groups: dict[str, dict[int, ItemFacts]] = defaultdict(dict)
    for index, item in enumerate(facts):
        groups[item.platform][index] = item
    verdicts: dict[int, Verdict] = {}
    for platform, items in groups.items():
        context = PersonContext(region=region, objection=objections[platform])
        verdicts.update(evaluate_many(items, context, as_of)[1])
    return [verdicts[index] for index in range(len(facts))]


def _results(items: list[ExplainItem], verdicts: list[Verdict], lang: Language) -> orjson.Fragment:
    """The results array as ready JSON. A feed repeats a few distinct verdicts many times, so
    each distinct verdict is translated and serialised once per language and only the item's
    id is new."""
    # One join of small parts: the answer is large (about 1.8 kB an item), and copying it once
    # instead of item by item is a third of building it.
    dumps = orjson.dumps
    parts: list[bytes] = []
    for item, verdict in zip(items, verdicts, strict=True):
        parts += (b',{"id":', dumps(item.id), b",", _verdict_json(verdict, lang))
    parts[0] = b'[{"id":'
    parts.append(b"]")
    return orjson.Fragment(b"".join(parts))


# (id(verdict), language) -> (verdict, its JSON in that language). Holding the verdict keeps
# its id from being reused; the engine hands out one object per distinct verdict, so identity
# is a cheap, exact key, and translating happens here, once per verdict and language.
_VERDICT_JSON: dict[tuple[int, str], tuple[Verdict, bytes]] = {}
_VERDICT_JSON_LIMIT = 8192


def _verdict_json(verdict: Verdict, lang: Language) -> bytes:
    """The verdict's members, without the opening brace (the item's id goes first)."""
    key = (id(verdict), lang)
    cached = _VERDICT_JSON.get(key)
    if cached is not None and cached[0] is verdict:
        return cached[1]
    if len(_VERDICT_JSON) >= _VERDICT_JSON_LIMIT:
        _VERDICT_JSON.clear()
    encoded = _encode_verdict(verdict_in(verdict, lang), lang)
    _VERDICT_JSON[key] = (verdict, encoded)
    return encoded


def _encode_verdict(verdict: Verdict, lang: Language) -> bytes:
    flips = [
        {
            "fact": flip.fact,
            "to": flip.to,
            "verdict": flip.verdict,
            "text": flip_text(flip, verdict.verdict, lang),
        }
        for flip in verdict.flip
    ]
    return orjson.dumps(
        {
            "verdict": verdict.verdict,
            "may_already_be_used": verdict.may_already_be_used,
            "reasons": verdict.reasons,
            "actions": verdict.actions,
            "flip": flips,
            "policy_id": verdict.policy_id,
            "condition": verdict.condition,
        }
    )[1:]
