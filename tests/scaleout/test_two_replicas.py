"""Two replicas behind one load balancer behave as one service: what one writes the other reads
at once, a token from one works on the other, and a key rotation reaches both."""

import time
from datetime import timedelta

import httpx
from sqlmodel import col, select, update

from api.accounts.models import AuthSession
from api.accounts.tokens import AccessTokens
from api.db import make_engine, session_scope
from api.organisations import service as organisations
from api.ratelimits.limiter import WINDOW_SECONDS
from api.signing.keyring import UNKNOWN_KID_RELOAD_SECONDS, KeyRing
from api.signing.models import SigningKey
from api.sqltypes import utcnow
from tests.scaleout.conftest import INDEX_LAG_LIMIT_SECONDS, RATE_LIMIT, Replicas
from tests.support.preferences import whole
from tests.support.profiles import prove
from tests.support.server import LiveServer


def _sign_up(base_url: str) -> dict[str, str]:
    response = httpx.post(f"{base_url}/v1/accounts", timeout=10)
    assert response.status_code == 201
    return dict(response.json())


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_write_through_one_replica_is_read_through_the_other_at_once(
    replicas: Replicas,
) -> None:
    tokens = _sign_up(replicas.a.base_url)
    headers = _bearer(tokens["access_token"])
    with httpx.Client(timeout=10) as http:
        etag = http.get(f"{replicas.a.base_url}/v1/me/preferences", headers=headers).headers["etag"]
        for step, region in enumerate(["DE", "FR", "IE", "NL"]):
            writer, reader = (replicas.a, replicas.b) if step % 2 else (replicas.b, replicas.a)
            written = http.put(
                f"{writer.base_url}/v1/me/preferences",
                headers={**headers, "If-Match": etag},
                json=whole(region=region),
            )
            read = http.get(f"{reader.base_url}/v1/me/preferences", headers=headers)

            assert written.status_code == 200, written.text
            assert read.json()["region"] == region
            assert read.headers["etag"] == written.headers["etag"]
            etag = read.headers["etag"]
        # A stale ETag is refused by the other replica too: one optimistic lock for both.
        stale = http.put(
            f"{replicas.b.base_url}/v1/me/preferences",
            headers={**headers, "If-Match": '"v1"'},
            json=whole(region="PL"),
        )
        assert stale.status_code == 412


def test_tokens_and_refreshes_work_on_either_replica(replicas: Replicas) -> None:
    tokens = _sign_up(replicas.a.base_url)
    with httpx.Client(timeout=10) as http:
        on_b = http.get(
            f"{replicas.b.base_url}/v1/me/preferences", headers=_bearer(tokens["access_token"])
        )
        refreshed = http.post(
            f"{replicas.b.base_url}/v1/auth/refresh",
            json={"refresh_token": tokens["refresh_token"]},
        )
        repeated_on_a = http.post(
            f"{replicas.a.base_url}/v1/auth/refresh",
            json={"refresh_token": tokens["refresh_token"]},
        )
        _rotated_long_ago(replicas.database_url, tokens["refresh_token"])
        replayed_on_a = http.post(
            f"{replicas.a.base_url}/v1/auth/refresh",
            json={"refresh_token": tokens["refresh_token"]},
        )

    assert on_b.status_code == 200
    assert refreshed.status_code == 200
    # The sign-in lives in the shared database: a repeat on the other replica within the reuse
    # interval gets the same successor, and one after it is caught as a replay.
    assert repeated_on_a.status_code == 200
    assert repeated_on_a.json()["refresh_token"] == refreshed.json()["refresh_token"]
    assert replayed_on_a.status_code == 401
    assert replayed_on_a.json()["type"].endswith(":refresh-token-reused")


def test_a_key_rotation_by_the_cli_is_picked_up_by_both_replicas(replicas: Replicas) -> None:
    tokens = _sign_up(replicas.a.base_url)
    old_token = tokens["access_token"]
    session_id = tokens["refresh_token"].partition(".")[0]

    printed = replicas.cli("keys", "rotate")
    new_kid = printed.strip().rsplit(" ", 1)[-1]
    # A replica that has reloaded its ring signs with the new key; stand in for one here.
    engine = make_engine(replicas.database_url)
    ring = KeyRing(engine)
    ring.prime()
    new_token = AccessTokens(ring, issuer="ai-optout", ttl_seconds=300).issue(
        tokens["account_id"], session_id
    )
    with session_scope(engine, write=False) as session:
        active = session.exec(select(SigningKey).where(col(SigningKey.retired_at).is_(None)))
        assert [key.kid for key in active] == [new_kid]
    engine.dispose()

    with httpx.Client(timeout=10) as http:
        for replica in (replicas.a, replicas.b):
            # An unknown kid makes the replica reload its ring within seconds, not in 60 s (the
            # reload is rate-limited: anyone can present a token naming an unknown key).
            deadline = time.monotonic() + UNKNOWN_KID_RELOAD_SECONDS + 2
            while True:
                fresh = http.get(
                    f"{replica.base_url}/v1/me/preferences", headers=_bearer(new_token)
                )
                if fresh.status_code != 401 or time.monotonic() > deadline:
                    break
                time.sleep(0.25)
            # The retired key keeps verifying what it signed until those tokens expire.
            old = http.get(f"{replica.base_url}/v1/me/preferences", headers=_bearer(old_token))
            published = http.get(f"{replica.base_url}/.well-known/jwks.json").json()

            assert fresh.status_code == 200, fresh.text
            assert old.status_code == 200
            assert new_kid in {key["kid"] for key in published["keys"]}


def _group_key(database_url: str, scopes: list[str]) -> str:
    """An organisation and its API key, made as the operator's admin API would."""
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        group = organisations.create_organisation(session, name="Scale-out group")
        key = organisations.issue_key(session, organisation_id=group.id, scopes=scopes).key
    engine.dispose()
    return key


def test_an_api_keys_rate_limit_is_counted_once_across_replicas(replicas: Replicas) -> None:
    key = _group_key(replicas.database_url, ["stats:read"])
    if time.time() % WINDOW_SECONDS > WINDOW_SECONDS - 15:  # stay inside one counting window
        time.sleep(WINDOW_SECONDS - time.time() % WINDOW_SECONDS + 0.5)
    with httpx.Client(timeout=10) as http:
        statuses = [
            http.get(f"{replica.base_url}/v1/org", headers=_bearer(key)).status_code
            for _ in range(RATE_LIMIT // 2 + 1)
            for replica in (replicas.a, replicas.b)
        ]

    # Counted per replica, each would let RATE_LIMIT through; shared, the two together do.
    assert statuses.count(200) == RATE_LIMIT
    assert statuses.count(429) == len(statuses) - RATE_LIMIT


def test_each_replicas_check_index_follows_writes_made_through_the_other(
    replicas: Replicas,
) -> None:
    key = _group_key(replicas.database_url, ["checks:read"])
    tokens = _sign_up(replicas.a.base_url)
    headers = _bearer(tokens["access_token"])
    handle = "scaleout" + tokens["account_id"][:8]
    check = {"platform": "instagram", "ids": [handle]}

    def listed_on(replica: LiveServer, *, expected: bool) -> bool:
        deadline = time.monotonic() + INDEX_LAG_LIMIT_SECONDS
        while True:
            answer = httpx.post(
                f"{replica.base_url}/v1/checks", json=check, headers=_bearer(key), timeout=10
            )
            assert answer.status_code == 200, answer.text
            listed = bool(answer.json()["listed"])
            if listed == expected or time.monotonic() > deadline:
                return listed
            time.sleep(0.05)

    with httpx.Client(timeout=10) as http:
        http.put(
            f"{replicas.a.base_url}/v1/me/preferences",
            headers={**headers, "If-Match": '"v1"'},
            json=whole(accounts=[{"platform": "instagram", "profile": handle}], listed=True),
        ).raise_for_status()
        _prove(replicas.database_url, tokens["account_id"])  # only a proved profile is named
        assert listed_on(replicas.b, expected=True)
        assert listed_on(replicas.a, expected=True)
        http.put(
            f"{replicas.b.base_url}/v1/me/preferences",
            headers={**headers, "If-Match": '"v2"'},
            json=whole(accounts=[{"platform": "instagram", "profile": handle}], listed=False),
        ).raise_for_status()
        assert not listed_on(replicas.a, expected=False)
        assert not listed_on(replicas.b, expected=False)


def _prove(database_url: str, account_id: str) -> None:
    engine = make_engine(database_url)
    try:
        prove(engine, account_id)
    finally:
        engine.dispose()


def _rotated_long_ago(database_url: str, refresh_token: str) -> None:
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            session.exec(
                update(AuthSession)
                .where(col(AuthSession.id) == refresh_token.partition(".")[0])
                .values(rotated_at=utcnow() - timedelta(hours=1))
            )
    finally:
        engine.dispose()
