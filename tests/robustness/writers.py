"""Clients that write preferences over real HTTP from many threads, remembering every write the
service acknowledged (200 + ETag), for the crash and lost-update tests."""

import threading
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.conftest import Person

# An objection's life as a person would walk it, each step allowed from the one before.
OBJECTION_CYCLE = ["ready", "submitted", "confirmed", "needs_resubmission"]
REGIONS = ["DE", "FR", "IE", "NL", "PL", "SE"]


def version_of(etag: str) -> int:
    return int(etag.strip('"').removeprefix("v"))


def next_preferences(current: dict[str, Any], step: int) -> dict[str, Any]:
    """The next plausible write: move the objection one step and touch the other fields."""
    accounts = current["accounts"]
    state = accounts[0]["objection"]["state"] if accounts else "not_started"
    following = (
        OBJECTION_CYCLE[(OBJECTION_CYCLE.index(state) + 1) % len(OBJECTION_CYCLE)]
        if (state in OBJECTION_CYCLE)
        else "ready"
    )
    objection: dict[str, Any] = {"state": following}
    if following in {"submitted", "confirmed"}:
        objection["submitted_on"] = "2025-05-20"
    if following == "confirmed":
        objection["confirmed_on"] = "2025-06-02"
    return {
        "region": REGIONS[step % len(REGIONS)],
        "accounts": [{"platform": "facebook", "profile": "crash.test", "objection": objection}],
        "scope": "all" if step % 2 else ["posts", "comments"],
        "listed": bool(step % 3),
    }


@dataclass
class Ledger:
    """What the clients saw, shared by every writer thread."""

    acknowledged: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)
    refused: int = 0
    interrupted: int = 0  # requests in flight when the server died: outcome unknown to the client
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ack(self, account_id: str, etag: str, body: dict[str, Any]) -> None:
        with self.lock:
            self.acknowledged.append((account_id, version_of(etag), body))


# The next step of an objection, as the extension records them one by one.
NEXT_STEP = {
    "not_started": {"state": "submitted", "on": "2025-05-20"},
    "ready": {"state": "submitted", "on": "2025-05-20"},
    "needs_resubmission": {"state": "submitted", "on": "2025-05-20"},
    "submitted": {"state": "confirmed", "on": "2025-06-02"},
    "confirmed": {"state": "needs_resubmission"},
}


def step_until_stopped(base_url: str, person: Person, stop: threading.Event, seen: Ledger) -> None:
    """Record objection steps (POST …/steps) racing the preference writers."""
    with httpx.Client(base_url=base_url, timeout=10) as http:
        while not stop.is_set():
            try:
                current = http.get("/v1/me/preferences", headers=person.headers).json()
                accounts = current["accounts"]
                state = accounts[0]["objection"]["state"] if accounts else None
                if state not in NEXT_STEP:
                    continue  # no account yet, or a state the writers will move on
                step = {**NEXT_STEP[state], "profile": "crash.test"}
                written = http.post(
                    "/v1/me/objections/facebook/steps", headers=person.headers, json=step
                )
            except (httpx.TransportError, KeyError, ValueError):
                with seen.lock:
                    seen.interrupted += 1
                return
            if written.status_code == 200:
                seen.ack(person.account_id, written.headers["etag"], written.json())
            elif written.status_code in {404, 409}:
                with seen.lock:  # the state moved (or the account went) under this step
                    seen.refused += 1
            else:
                with seen.lock:
                    seen.unexpected.append(f"step {written.status_code} {written.text[:300]}")


def write_until_stopped(base_url: str, person: Person, stop: threading.Event, seen: Ledger) -> None:
    """Read, change, write with If-Match; again until `stop` or the server goes away."""
    headers = person.headers
    step = 0
    with httpx.Client(base_url=base_url, timeout=10) as http:
        while not stop.is_set():
            try:
                read = http.get("/v1/me/preferences", headers=headers)
                body = next_preferences(read.json(), step)
                written = http.put(
                    "/v1/me/preferences",
                    headers={**headers, "If-Match": read.headers["etag"]},
                    json=body,
                )
            except (httpx.TransportError, KeyError, ValueError):
                with seen.lock:  # the server died under us: this write was never acknowledged
                    seen.interrupted += 1
                return
            step += 1
            if written.status_code == 200:
                assert version_of(written.headers["etag"]) == written.json()["version"]
                seen.ack(person.account_id, written.headers["etag"], written.json())
            elif written.status_code == 412:
                with seen.lock:
                    seen.refused += 1
            else:
                with seen.lock:
                    seen.unexpected.append(f"{written.status_code} {written.text[:300]}")
