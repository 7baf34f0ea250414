"""A country filter takes the aliases the service knows for a country (`EL` for Greece, `UK` for
the United Kingdom), as a person's region does: the same people, and the same question."""

import httpx
import pytest
from sqlalchemy.engine import Engine

from tests.organisations.factories import Org
from tests.stats.factories import people
from tests.stats.helpers import ask, counts_by, near


@pytest.mark.parametrize(("alias", "code"), [("EL", "GR"), ("UK", "GB")])
async def test_a_country_filter_takes_the_aliases_of_a_persons_region(
    client: httpx.AsyncClient, engine: Engine, org: Org, alias: str, code: str
) -> None:
    await people(client, engine, 12, tag=f"in.{code.lower()}", region=code)

    by_alias = await ask(client, org, by="platform", country=alias)
    by_code = await ask(client, org, by="platform", country=code)

    assert near(counts_by(by_alias, "platform")["facebook"], 12)
    # One question, said two ways: the answer already released, at no further cost.
    assert by_code["cells"] == by_alias["cells"]
    assert by_code["privacy"]["epsilon_spent"] == 0
