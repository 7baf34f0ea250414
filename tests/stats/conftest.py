"""The statistics tests' group and settings: counts precise enough to check (`helpers.EPSILON`)
and a budget that lasts many questions, unless a module sets its own."""

import pytest
from sqlalchemy.engine import Engine

from api.config import Settings
from tests.organisations.factories import Org, make_org
from tests.stats.helpers import EPSILON


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"stats_epsilon_per_query": EPSILON, "stats_epsilon_per_period": 100.0}
    )


@pytest.fixture
def org(engine: Engine) -> Org:
    return make_org(engine, scopes=("stats:read",))
