"""Code attempts are counted across replicas through Redis, and Redis never sees a code."""

import os
import uuid
from collections.abc import Iterator

import pytest
import redis

from api.config import Settings
from api.recovery.errors import TooManyAttempts
from api.recovery.limits import CodeAttempts
from tests.recovery.support import STILL

REDIS_URL = os.environ.get("AI_OPTOUT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def live_redis() -> Iterator["redis.Redis"]:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:  # a missing Redis is a failure, never a skip
        pytest.fail(f"Redis at {REDIS_URL} is unreachable: {error}")
    yield client
    client.close()


@pytest.fixture
def shared(live_redis: "redis.Redis") -> Iterator[Settings]:
    prefix = f"aoo-test-{uuid.uuid4().hex}:"
    yield Settings(environment="test", redis_url=REDIS_URL, redis_key_prefix=prefix)
    for name in live_redis.scan_iter(match=prefix + "*"):
        live_redis.delete(name)


def replicas(settings: Settings, count: int = 2) -> list[CodeAttempts]:
    return [CodeAttempts.from_settings(settings, clock=lambda: STILL) for _ in range(count)]


def test_attempts_from_one_address_are_counted_across_replicas(shared: Settings) -> None:
    first, second = replicas(shared)

    for _ in range(5):
        first.count("recovery", address="192.0.2.1")
        second.count("recovery", address="192.0.2.1")

    with pytest.raises(TooManyAttempts) as refused:
        first.count("recovery", address="192.0.2.1")
    assert refused.value.headers["Retry-After"] == "40"
    second.count("recovery", address="192.0.2.2")  # another address still gets through
    second.count("link", address="192.0.2.1")  # and the other kind of code has its own count


def test_one_link_code_is_limited_whichever_replica_is_asked(shared: Settings) -> None:
    first, second = replicas(shared)
    for n in range(5):
        (first, second)[n % 2].count("link", address=f"198.51.100.{n}", code="ABCDE-FGHJK")

    with pytest.raises(TooManyAttempts):
        second.count("link", address="198.51.100.9", code="abcde fghjk")  # the same code


def test_redis_holds_no_code_and_no_address_it_was_not_given(
    shared: Settings, live_redis: "redis.Redis"
) -> None:
    (attempts,) = replicas(shared, 1)

    attempts.count("link", address="203.0.113.5", code="QRSTV-WXYZ0")

    names = [name.decode() for name in live_redis.scan_iter(match=shared.redis_key_prefix + "*")]
    assert len(names) == 3
    assert not any("QRSTV" in name or "WXYZ0" in name for name in names)
