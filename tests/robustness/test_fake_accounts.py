"""Fake accounts cannot break the statistics (issue 14, point 2), against the real service.

The attack: a group with `stats:read` makes 9 free anonymous accounts in the cell (platform,
country, week, state) of one real person and reads the cell. Under the old k = 10 threshold it
read `count 10`: exactly one real person, revealed (and `null`, "fewer than 10", without them).

Now: the fakes have no verified profile, so they are not counted at all; and even an attacker who
owns 9 real, verified profiles gets noisy counts (discrete Laplace of the stated scale) from a
budget that stops answering after ε = 1 per 30 days (the defaults), which bounds how much any
sequence of answers can say about the one real person (docs/statistics.md). Asking the same
question again, to average the noise away, gets the same answer back at ε 0: repeats tell
nothing new.

Statistical bounds are Hoeffding's at δ = 1e-9 (OpenDP's noise cannot be seeded): they fail by
chance less than once in a billion runs.
"""

import math
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import Engine

from api.db import session_scope
from api.organisations import service as organisations
from api.policy.regions import load_regions
from api.profiles.models import VERIFIED, ProfileProof
from api.sqltypes import utcnow
from api.stats.service import STATES
from tests.support.server import LiveServer, live_server

WEEK, DAY = "2025-W21", "2025-05-20"
# The cell under attack, and a control cell that holds only the attacker's people.
CELL = {"platform": "facebook", "week": WEEK, "state": "submitted"}
TARGET, CONTROL = "DE", "AT"
FAKES = 9
DELTA = 1e-9
# Enough accounts for the attack from one loopback address (account creation is rate-limited).
OPEN_DOORS = {"AI_OPTOUT_ACCOUNTS_PER_ADDRESS_PER_HOUR": "10000"}


def _serve(database_url: str, tmp_path: Path, **settings: str) -> Any:
    env = {**OPEN_DOORS, **{f"AI_OPTOUT_{name.upper()}": value for name, value in settings.items()}}
    return live_server(database_url, tmp_path / "server.log", extra_env=env)


def _group_key(engine: Engine) -> dict[str, str]:
    with session_scope(engine) as session:
        group = organisations.create_organisation(session, name="Attacker")
        key = organisations.issue_key(session, organisation_id=group.id, scopes=["stats:read"])
    return {"Authorization": f"Bearer {key.key}"}


def _person(server: LiveServer, http: httpx.Client, *, country: str, handle: str) -> str:
    """A free anonymous account listing one Facebook profile submitted in WEEK, in `country`."""
    signed_up = http.post(f"{server.base_url}/v1/accounts")
    assert signed_up.status_code == 201, signed_up.text
    body = signed_up.json()
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    read = http.get(f"{server.base_url}/v1/me/preferences", headers=headers)
    written = http.put(
        f"{server.base_url}/v1/me/preferences",
        headers={**headers, "If-Match": read.headers["etag"]},
        json={
            "region": country,
            "scope": "all",
            "listed": False,
            "accounts": [
                {
                    "platform": "facebook",
                    "profile": handle,
                    "objection": {"state": "submitted", "submitted_on": DAY},
                }
            ],
        },
    )
    assert written.status_code == 200, written.text
    return str(body["account_id"])


def _verify(engine: Engine, account_id: str, handle: str) -> None:
    """The proof the profile-ownership check leaves once it found the code on the page."""
    with session_scope(engine) as session:
        session.add(
            ProfileProof(
                account_id=account_id,
                platform="facebook",
                profile=handle,
                code_hash="0" * 64,
                state=VERIFIED,
                verified_at=utcnow(),
            )
        )


def _world(server: LiveServer, engine: Engine, http: httpx.Client, *, fakes_verified: bool) -> None:
    """One real, verified person in TARGET; 9 attacker accounts in TARGET and 9 in CONTROL."""
    _verify(engine, _person(server, http, country=TARGET, handle="real.person"), "real.person")
    for country in (TARGET, CONTROL):
        for number in range(FAKES):
            handle = f"fake.{country.lower()}.{number}"
            account_id = _person(server, http, country=country, handle=handle)
            if fakes_verified:
                _verify(engine, account_id, handle)


def _ask(server: LiveServer, http: httpx.Client, key: dict[str, str], **params: Any) -> Any:
    """The attacker's query: the cells of CELL (less any filter named None), grouped `by`."""
    asked = {name: value for name, value in {**CELL, **params}.items() if value is not None}
    return http.get(f"{server.base_url}/v1/org/stats", headers=key, params=asked)


def _by_country(body: dict[str, Any]) -> dict[str | None, int]:
    return {cell["country"]: cell["count"] for cell in body["cells"]}


def test_fake_accounts_without_a_verified_profile_are_not_counted(
    database_url: str, tmp_path: Path, engine: Engine
) -> None:
    # Little noise (ε = 5 per answer): a count is off by more than 4 once in 3.6e10.
    with (
        _serve(
            database_url, tmp_path, stats_epsilon_per_query="5", stats_epsilon_per_period="50"
        ) as server,
        httpx.Client(timeout=30) as http,
    ):
        key = _group_key(engine)
        _world(server, engine, http, fakes_verified=False)
        answers = [_ask(server, http, key, by="country") for _ in range(3)]

    for answer in answers:
        assert answer.status_code == 200, answer.text
        counts = _by_country(answer.json())
        # Old code: TARGET showed 10 (one real + 9 fakes). Now the 9 fakes count for nothing.
        assert abs(counts[TARGET] - 1) <= 4
        assert abs(counts[CONTROL] - 0) <= 4
    # The same question: drawn and paid once, then the same answer at ε 0.
    assert [answer.json()["privacy"]["epsilon_spent"] for answer in answers] == [5.0, 0, 0]
    assert len({answer.text for answer in answers[1:]}) == 1
    assert answers[1].json()["cells"] == answers[0].json()["cells"]


def test_repeating_the_attack_gets_the_same_answer_at_no_cost(
    database_url: str, tmp_path: Path, engine: Engine
) -> None:
    """With the defaults (ε = 0.25 per answer, 1 per 30 days) and 9 verified fakes, the attacker
    asks the target's cell and its control cell 10 times each to average the noise away: every
    repeat is the first answer again, at ε 0, so the average is the first draw and the budget
    has paid for two answers only."""
    with _serve(database_url, tmp_path) as server, httpx.Client(timeout=30) as http:
        key = _group_key(engine)
        _world(server, engine, http, fakes_verified=True)
        answers = [
            _ask(server, http, key, by="country", country=country)
            for _ in range(10)
            for country in (TARGET, CONTROL)
        ]

    assert [answer.status_code for answer in answers] == [200] * 20
    bodies = [answer.json() for answer in answers]
    assert [body["privacy"]["epsilon_spent"] for body in bodies] == [0.25, 0.25] + [0] * 18
    assert {body["privacy"]["epsilon_left"] for body in bodies[1:]} == {0.5}
    for first, repeats in ((bodies[0], bodies[2::2]), (bodies[1], bodies[3::2])):
        assert all(repeat["cells"] == first["cells"] for repeat in repeats)
        assert {repeat["privacy"]["released_at"] for repeat in repeats} == {
            first["privacy"]["released_at"]
        }


def test_varied_questions_are_stopped_by_the_budget(
    database_url: str, tmp_path: Path, engine: Engine
) -> None:
    """Varying the question to get fresh draws (another state filter, grouping or week) pays
    for each: with the defaults, 4 answers, then 429 until the budget renews. Questions already
    answered are still answered, the same and at ε 0."""
    varied: list[dict[str, Any]] = [
        {"by": "country", "country": TARGET},
        {"by": "country", "country": TARGET, "state": None},
        {"by": ["country", "platform"], "country": TARGET},
        {"by": "country", "country": TARGET, "platform": None},
        {"by": "country", "country": TARGET, "week": None},
        {"by": "state", "country": TARGET},
    ]
    with _serve(database_url, tmp_path) as server, httpx.Client(timeout=30) as http:
        key = _group_key(engine)
        _world(server, engine, http, fakes_verified=True)
        answers = [_ask(server, http, key, **params) for params in varied]
        repeated = _ask(server, http, key, **varied[0])

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429, 429]
    spent = [answer.json()["privacy"] for answer in answers[:4]]
    assert [privacy["epsilon_spent"] for privacy in spent] == [0.25] * 4
    assert [privacy["epsilon_left"] for privacy in spent] == [0.75, 0.5, 0.25, 0.0]
    assert {privacy["margin_95"] for privacy in spent} == {12}
    refused = answers[4]
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "urn:ai-optout:problem:privacy-budget-spent"
    assert spent[0]["renews_at"][:19] in refused.json()["detail"]
    assert int(refused.headers["retry-after"]) > 29 * 86_400
    assert repeated.status_code == 200
    assert repeated.json()["cells"] == answers[0].json()["cells"]
    assert repeated.json()["privacy"]["epsilon_spent"] == 0


def test_released_counts_carry_the_stated_noise(
    database_url: str, tmp_path: Path, engine: Engine
) -> None:
    """Many answers at the default ε = 0.25 (a budget raised to allow them), each to another
    week (a repeat would be the same draw): every empty cell reads max(noise, 0), and the noise
    has the law the answer states (discrete Laplace, scale 4), so the attacker's cells are as
    uncertain as stated."""
    queries = 20
    with (
        _serve(database_url, tmp_path, stats_epsilon_per_period=str(0.25 * queries)) as server,
        httpx.Client(timeout=30) as http,
    ):
        key = _group_key(engine)
        _world(server, engine, http, fakes_verified=True)
        bodies = []
        # 20 weeks, WEEK among them: only there do the attacker's cells hold anyone.
        weeks = [f"2025-W{number:02d}" for number in range(12, 12 + queries)]
        for week in weeks:
            answer = _ask(server, http, key, by=["country", "state"], state=None, week=week)
            assert answer.status_code == 200, answer.text
            assert answer.json()["privacy"]["epsilon_spent"] == 0.25
            bodies.append(answer.json())

    privacy = bodies[0]["privacy"]
    assert (privacy["noise_scale"], privacy["margin_95"]) == (4.0, 12)
    p = math.exp(-0.25)
    occupied = {(TARGET, "submitted"), (CONTROL, "submitted")}
    empty = [
        cell["count"]
        for week, body in zip(weeks, bodies, strict=True)
        for cell in body["cells"]
        if week != WEEK or (cell["country"], cell["state"]) not in occupied
    ]
    # Every country and "none said", by every objection state: the cells a week's answer holds.
    cells = (len(load_regions().countries) + 1) * len(STATES)
    assert WEEK in weeks and len(empty) == queries * cells - 2
    slack = math.sqrt(math.log(2 / DELTA) / (2 * len(empty)))  # 0.019
    # An empty cell reads 0 when the noise is ≤ 0, else the noise: P(count > t) = p^(t+1)/(1+p).
    assert abs(sum(count == 0 for count in empty) / len(empty) - 1 / (1 + p)) < slack
    for t in (0, 3, privacy["margin_95"]):
        observed = sum(count > t for count in empty) / len(empty)
        assert abs(observed - p ** (t + 1) / (1 + p)) < slack
