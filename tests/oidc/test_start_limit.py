"""Starting a sign-in writes a flow row before anyone is known, so starts are counted per
client address: one address cannot fill the flow table."""

import httpx
import pytest
from sqlalchemy.engine import Engine

from api.config import Settings
from api.oidc.models import OidcFlow
from tests.oidc.flows import count, start
from tests.support.problems import assert_problem

LIMIT = 3


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"code_attempts_per_address_per_minute": LIMIT})


async def test_starts_past_the_per_address_limit_are_429_and_write_nothing(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    for _ in range(LIMIT):
        assert (await start(client, "sign_in")).status_code == 200

    refused = await start(client, "sign_in")

    assert_problem(refused, 429, "too-many-sign-in-starts")
    assert 0 < int(refused.headers["retry-after"]) <= 60
    assert count(engine, OidcFlow) == LIMIT
