"""Attack: every door a stranger can knock on, hammered against the real service process.

Before, only organisation keys were limited: 300 anonymous accounts were made in 5 s and 100
explains of 500 items in 2.8 s from one address, and wrong join codes, API-key secrets and
operator tokens could be tried without end. Now each door answers 429 problem+json
`rate-limited` with `Retry-After` and the IETF `RateLimit`/`RateLimit-Policy` fields once its
limit is used up; another client (told apart through the trusted proxy hop the settings name)
is unaffected; two processes sharing Redis share one count; X-Forwarded-For from anyone else
is ignored; and a foreign extension's origin gets no CORS grant.

All traffic stays on loopback; each door is bounded (a few dozen requests at most).
"""

import hashlib
import os
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest
import redis

from tests.support.databases import migrated_sqlite_template
from tests.support.server import LiveServer, live_server

REDIS_URL = os.environ.get("AI_OPTOUT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
OPERATOR_TOKEN = "operator-" + secrets.token_hex(16)
ITEMS = [
    {"id": f"i{n}", "platform": "facebook", "kind": "post", "audience": "public", "author": "self"}
    for n in range(500)
]
CHECK = {"platform": "facebook", "ids": ["jane.doe"]}
LIMITS = {
    "ACCOUNTS_PER_ADDRESS_PER_HOUR": 5,
    "EXPLAIN_PER_ADDRESS_PER_MINUTE": 120,  # the defaults
    "EXPLAIN_ITEMS_PER_ADDRESS_PER_MINUTE": 5000,
    "JOIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE": 4,
    "JOIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE": 100,
    "KEY_FAILURES_PER_ADDRESS_PER_MINUTE": 3,
    "KEY_FAILURES_PER_KEY_PER_MINUTE": 100,
    "OPERATOR_FAILURES_PER_ADDRESS_PER_MINUTE": 3,
    "CODE_ATTEMPTS_PER_ADDRESS_PER_MINUTE": 3,
    "API_KEY_RATE_PER_MINUTE": 6,
}
RATE_LIMIT_FIELD = re.compile(r'^"[a-z-]+";r=\d+;t=\d+(, "[a-z-]+";r=\d+;t=\d+)*$')
POLICY_FIELD = re.compile(r'^"[a-z-]+";q=\d+;w=\d+(, "[a-z-]+";q=\d+;w=\d+)*$')


def _env(prefix: str, **extra: str) -> dict[str, str]:
    return {
        **{f"AI_OPTOUT_{name}": str(value) for name, value in LIMITS.items()},
        "AI_OPTOUT_REDIS_URL": REDIS_URL,
        "AI_OPTOUT_REDIS_KEY_PREFIX": prefix,
        "AI_OPTOUT_ADMIN_TOKEN_HASH": hashlib.sha256(OPERATOR_TOKEN.encode()).hexdigest(),
        "AI_OPTOUT_WEBHOOK_WORKER": "false",
        **extra,
    }


@pytest.fixture(scope="module")
def live_redis() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:  # a missing Redis is a failure, never a skip
        pytest.fail(f"Redis at {REDIS_URL} is unreachable: {error}")
    yield client
    client.close()


@pytest.fixture(scope="module")
def prefix(live_redis: redis.Redis) -> Iterator[str]:
    unique = f"aoo-test-limits-{uuid.uuid4().hex}:"
    yield unique
    for name in live_redis.scan_iter(match=unique + "*"):
        live_redis.delete(name)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One SQLite file for both processes: the limits live in Redis, not in the database."""
    return f"sqlite:///{migrated_sqlite_template(tmp_path_factory.mktemp('limits'))}"


@pytest.fixture(scope="module")
def proxied(
    database_url: str, prefix: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, LiveServer]]:
    """Two service processes behind a 'proxy' on 127.0.0.1 (trusted), sharing one Redis."""
    folder = tmp_path_factory.mktemp("proxied")
    env = _env(prefix, AI_OPTOUT_TRUSTED_PROXIES='["127.0.0.1"]')
    with (
        live_server(database_url, folder / "a.log", extra_env=env) as a,
        live_server(database_url, folder / "b.log", extra_env=env) as b,
    ):
        yield a, b


@pytest.fixture(scope="module")
def direct(
    database_url: str, prefix: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The default: no trusted proxy, so the client is the socket peer whatever it claims."""
    env = _env(prefix + "direct:")
    with live_server(database_url, tmp_path_factory.mktemp("direct") / "s.log", extra_env=env) as s:
        yield s


@pytest.fixture(autouse=True)
def _inside_one_window() -> None:
    """The windows are fixed minutes (and hours): each test starts with at least 20 s of its
    minute left, so no burst straddles two windows and finds a fresh count."""
    left = 60 - time.time() % 60
    if left < 20:
        time.sleep(left + 0.2)


def _client(server: LiveServer, address: str) -> httpx.Client:
    """A client as the trusted proxy forwards it: its address in X-Forwarded-For."""
    return httpx.Client(base_url=server.base_url, timeout=10, headers={"X-Forwarded-For": address})


_used: set[str] = set()


def _unique_v4() -> str:
    """A documentation-range address no other test of this module used."""
    while True:
        address = f"203.0.{secrets.randbelow(113) + 1}.{secrets.randbelow(250) + 1}"
        if address not in _used:
            _used.add(address)
            return address


def assert_limited(response: httpx.Response) -> None:
    """A 429 as the problem+json `rate-limited` family, saying when to try again."""
    assert response.status_code == 429, response.text[:300]
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith(("rate-limited", "too-many-code-attempts")), body
    assert "try again in" in body["detail"]
    wait = int(response.headers["retry-after"])
    assert 1 <= wait <= 3600
    assert POLICY_FIELD.match(response.headers["ratelimit-policy"])
    assert RATE_LIMIT_FIELD.match(response.headers["ratelimit"])


def hammer(send: Callable[[], httpx.Response], times: int) -> list[httpx.Response]:
    return [send() for _ in range(times)]


def _sign_up(http: httpx.Client) -> dict[str, str]:
    response = http.post("/v1/accounts")
    assert response.status_code == 201, response.text
    return dict(response.json())


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _org_key(http: httpx.Client, scopes: list[str]) -> str:
    operator = _bearer(OPERATOR_TOKEN)
    org = http.post("/v1/admin/organisations", json={"name": "Group"}, headers=operator)
    assert org.status_code == 201, org.text
    key = http.post(
        f"/v1/admin/organisations/{org.json()['id']}/keys",
        json={"scopes": scopes},
        headers=operator,
    )
    assert key.status_code == 201, key.text
    return str(key.json()["key"])


def test_account_creation_300_attempts_make_only_the_limit(
    proxied: tuple[LiveServer, LiveServer],
) -> None:
    server, _ = proxied
    with _client(server, _unique_v4()) as http:
        started = time.monotonic()
        answers = hammer(lambda: http.post("/v1/accounts"), 300)
        elapsed = time.monotonic() - started
    statuses = [answer.status_code for answer in answers]

    assert statuses.count(201) == LIMITS["ACCOUNTS_PER_ADDRESS_PER_HOUR"]
    assert statuses == [201] * 5 + [429] * 295
    first = answers[0]
    assert first.headers["ratelimit-policy"] == '"accounts";q=5;w=3600'
    assert first.headers["ratelimit"].startswith('"accounts";r=4;t=')
    assert_limited(answers[5])
    assert "minutes" in answers[5].json()["detail"] or " s." in answers[5].json()["detail"]
    print(f"accounts: {statuses.count(201)} of 300 made in {elapsed:.1f} s")

    with _client(server, _unique_v4()) as other:  # another client is unaffected
        assert other.post("/v1/accounts").status_code == 201


def test_explain_100_big_batches_get_only_the_limit(
    proxied: tuple[LiveServer, LiveServer],
) -> None:
    server, _ = proxied
    with _client(server, _unique_v4()) as http:
        answers = hammer(lambda: http.post("/v1/explain", json={"items": ITEMS}), 100)
        with _client(server, _unique_v4()) as other:
            unaffected = other.post("/v1/explain", json={"items": ITEMS[:1]})

    statuses = [answer.status_code for answer in answers]
    assert statuses == [200] * 10 + [429] * 90  # 5,000 items a minute: ten full batches
    assert answers[0].headers["ratelimit-policy"] == (
        '"explain";q=120;w=60, "explain-items";q=5000;w=60'
    )
    assert_limited(answers[10])
    assert unaffected.status_code == 200


def test_join_code_guesses_are_limited(proxied: tuple[LiveServer, LiveServer]) -> None:
    server, _ = proxied
    with _client(server, _unique_v4()) as http:
        person = _sign_up(http)
        answers = hammer(
            lambda: http.post(
                "/v1/me/campaigns",
                json={"code": secrets.token_hex(13)},
                headers=_bearer(person["access_token"]),
            ),
            8,
        )
    statuses = [answer.status_code for answer in answers]

    assert statuses == [404] * 4 + [429] * 4
    assert_limited(answers[4])


@pytest.mark.parametrize("path", ["/v1/auth/recovery", "/v1/auth/link"])
def test_recovery_and_link_code_guesses_are_limited(
    proxied: tuple[LiveServer, LiveServer], path: str
) -> None:
    server, _ = proxied
    with _client(server, _unique_v4()) as http:
        answers = hammer(lambda: http.post(path, json={"code": secrets.token_hex(8)}), 6)

    statuses = [answer.status_code for answer in answers]
    assert statuses == [401] * 3 + [429] * 3
    assert_limited(answers[3])


def test_wrong_api_key_secrets_lock_the_address_out_even_with_the_right_key(
    proxied: tuple[LiveServer, LiveServer],
) -> None:
    server, _ = proxied
    with _client(server, _unique_v4()) as setup:
        key = _org_key(setup, ["checks:read"])
    key_id = key.split("_")[1]
    guesser = _unique_v4()
    with _client(server, guesser) as http:
        wrong = hammer(
            lambda: http.post(
                "/v1/checks",
                json=CHECK,
                headers=_bearer(f"aoo_{key_id}_{secrets.token_urlsafe(32)}"),
            ),
            5,
        )
        right_after = http.post("/v1/checks", json=CHECK, headers=_bearer(key))
    with _client(server, _unique_v4()) as owner:
        elsewhere = owner.post("/v1/checks", json=CHECK, headers=_bearer(key))

    assert [answer.status_code for answer in wrong] == [401] * 3 + [429] * 2
    assert_limited(wrong[3])
    assert right_after.status_code == 429  # no secret is checked for this address for a while
    assert elsewhere.status_code == 200, elsewhere.text
    assert elsewhere.headers["ratelimit-policy"] == '"api-key";q=6;w=60'


def test_a_keys_requests_are_limited_with_headers_on_checks(
    proxied: tuple[LiveServer, LiveServer],
) -> None:
    server, _ = proxied
    with _client(server, _unique_v4()) as http:
        key = _org_key(http, ["checks:read"])
        answers = hammer(lambda: http.post("/v1/checks", json=CHECK, headers=_bearer(key)), 8)

    assert [answer.status_code for answer in answers] == [200] * 6 + [429] * 2
    assert answers[0].headers["ratelimit"].startswith('"api-key";r=5;t=')
    assert_limited(answers[6])


def test_wrong_operator_tokens_lock_the_address_out(
    proxied: tuple[LiveServer, LiveServer],
) -> None:
    server, _ = proxied
    with _client(server, _unique_v4()) as http:
        wrong = hammer(
            lambda: http.post(
                "/v1/admin/organisations",
                json={"name": "Guess"},
                headers=_bearer(secrets.token_hex(16)),
            ),
            5,
        )
        right_after = http.post(
            "/v1/admin/organisations", json={"name": "Real"}, headers=_bearer(OPERATOR_TOKEN)
        )
    with _client(server, _unique_v4()) as operator:
        elsewhere = operator.post(
            "/v1/admin/organisations", json={"name": "Real"}, headers=_bearer(OPERATOR_TOKEN)
        )

    assert [answer.status_code for answer in wrong] == [401] * 3 + [429] * 2
    assert_limited(wrong[3])
    assert right_after.status_code == 429
    assert elsewhere.status_code == 201


def test_two_processes_sharing_redis_share_one_count(
    proxied: tuple[LiveServer, LiveServer],
) -> None:
    a, b = proxied
    address = _unique_v4()
    with _client(a, address) as via_a, _client(b, address) as via_b:
        statuses = [(via_a if n % 2 else via_b).post("/v1/accounts").status_code for n in range(7)]

    assert statuses == [201] * 5 + [429] * 2


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(direct: LiveServer) -> None:
    """Without AI_OPTOUT_TRUSTED_PROXIES a client cannot buy a fresh count by claiming to be
    someone else: every request here comes from 127.0.0.1, whatever the header says."""
    with httpx.Client(base_url=direct.base_url, timeout=10) as http:
        statuses = [
            http.post("/v1/accounts", headers={"X-Forwarded-For": _unique_v4()}).status_code
            for _ in range(7)
        ]

    assert statuses == [201] * 5 + [429] * 2


@pytest.mark.parametrize(
    ("origin", "granted"),
    [
        ("chrome-extension://jlibfeehlkcgdckjcinhjbflpcjnncjp", True),  # the project's own
        ("chrome-extension://" + "abcdefghijklmnop" * 2, False),  # another extension
        ("moz-extension://3f2c6a1e-9b7d-4c1a-8e2f-1a2b3c4d5e6f", False),
        ("https://evil.example", False),
    ],
)
def test_only_the_projects_extension_gets_a_cors_grant(
    direct: LiveServer, origin: str, granted: bool
) -> None:
    with httpx.Client(base_url=direct.base_url, timeout=10) as http:
        preflight = http.options(
            "/v1/explain",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
        )
        simple = http.get("/v1/policies", headers={"Origin": origin})

    if granted:
        assert preflight.headers["access-control-allow-origin"] == origin
        exposed = simple.headers["access-control-expose-headers"].lower()
        assert {"ratelimit", "ratelimit-policy", "retry-after"} <= set(exposed.split(", "))
    else:
        assert "access-control-allow-origin" not in preflight.headers
        assert "access-control-allow-origin" not in simple.headers
