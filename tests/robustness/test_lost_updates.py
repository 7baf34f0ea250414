"""No lost updates: writers racing on the same preferences with the same If-Match; exactly one
wins each round, the rest get 412, and the history holds every accepted change and no other."""

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.db import make_engine
from tests.conftest import Person
from tests.robustness.consistency import chain_faults, content, recorded_versions
from tests.robustness.writers import next_preferences
from tests.support.server import live_server

WRITERS = 4
ROUNDS = 12


def _race(base_url: str, person: Person, etag: str, bodies: list[dict[str, Any]]) -> list[Any]:
    """Send every body at once with the same If-Match; the responses, in writer order."""
    start = threading.Barrier(len(bodies))
    answers: list[Any] = [None] * len(bodies)

    def write(index: int) -> None:
        with httpx.Client(base_url=base_url, timeout=10) as http:
            start.wait()
            answers[index] = http.put(
                "/v1/me/preferences",
                headers={**person.headers, "If-Match": etag},
                json=bodies[index],
            )

    threads = [threading.Thread(target=write, args=(index,)) for index in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


@pytest.mark.slow
def test_racing_writers_with_one_etag_yield_one_winner_per_round(
    database_url: str, tmp_path: Path
) -> None:
    with (
        live_server(database_url, tmp_path / "server.log") as server,
        httpx.Client(base_url=server.base_url, timeout=10) as http,
    ):
        body = http.post("/v1/accounts").json()
        person = Person(body["account_id"], body["access_token"], body["refresh_token"])
        accepted: list[dict[str, Any]] = []
        for round_number in range(ROUNDS):
            read = http.get("/v1/me/preferences", headers=person.headers)
            current = read.json()
            # Each writer sends something different, so the history shows whose write won.
            bodies = [
                {
                    **next_preferences(current, round_number),
                    "listed": bool(index % 2),
                    "region": ["DE", "FR", "IE", "NL"][index],
                }
                for index in range(WRITERS)
            ]
            answers = _race(server.base_url, person, read.headers["etag"], bodies)
            statuses = sorted(answer.status_code for answer in answers)
            assert statuses == [200] + [412] * (WRITERS - 1), statuses
            winner = next(answer for answer in answers if answer.status_code == 200)
            assert winner.json()["version"] == current["version"] + 1
            accepted.append(content(winner.json()))
            for loser in answers:
                if loser.status_code == 412:
                    assert loser.headers["content-type"] == "application/problem+json"

    engine = make_engine(database_url)
    history = recorded_versions(engine)[person.account_id]
    assert [history[version] for version in sorted(history)] == accepted
    assert chain_faults(engine) == []
    engine.dispose()
