"""Two service replicas sharing one PostgreSQL (and one Redis), as production scales out."""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import redis

from tests.support.databases import fresh_postgres_database
from tests.support.server import LiveServer, live_server

REDIS_ENV = "AI_OPTOUT_TEST_REDIS_URL"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
RATE_LIMIT = 10  # requests per key per minute, small enough to reach in a test
CHECKS_POLL_SECONDS = 0.2
# A write must show in the other replica's check index within this (PostgreSQL NOTIFY makes it
# near instant; the poll is the fallback).
INDEX_LAG_LIMIT_SECONDS = 5.0


@dataclass
class Replicas:
    a: LiveServer
    b: LiveServer
    database_url: str
    env: dict[str, str]

    def cli(self, *arguments: str) -> str:
        """Run `ai-optout <arguments>` as an operator would, against the shared database."""
        done = subprocess.run(
            [sys.executable, "-m", "api.cli", *arguments],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return done.stdout


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get(REDIS_ENV, DEFAULT_REDIS)
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as error:  # a missing Redis is a failure, never a silent skip
        pytest.fail(f"Redis at {url} is unreachable ({REDIS_ENV}): {error}")
    return url


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[Replicas]:
    """Started once per module: each test works with its own people, groups and keys."""
    tmp_path = tmp_path_factory.mktemp("replicas")
    prefix = f"ai-optout-test-{uuid.uuid4().hex[:8]}:"
    with fresh_postgres_database() as database_url:
        env = {
            "AI_OPTOUT_DATABASE_URL": database_url,
            "AI_OPTOUT_REDIS_URL": redis_url,
            "AI_OPTOUT_REDIS_KEY_PREFIX": prefix,
            "AI_OPTOUT_API_KEY_RATE_PER_MINUTE": str(RATE_LIMIT),
            "AI_OPTOUT_CHECKS_POLL_SECONDS": str(CHECKS_POLL_SECONDS),
            "AI_OPTOUT_WEBHOOK_WORKER": "false",
        }
        with (
            live_server(database_url, tmp_path / "a.log", extra_env=env) as a,
            live_server(database_url, tmp_path / "b.log", extra_env=env) as b,
        ):
            yield Replicas(a, b, database_url, env)
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)
