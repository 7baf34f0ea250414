"""People for the statistics tests: anonymous accounts with listed profiles, and the verified
proofs (rows of `profile_proofs`, as the profile proofs would leave them) that make them count."""

from typing import Any

import httpx
from sqlalchemy.engine import Engine

from api.db import session_scope
from api.profiles.models import VERIFIED, ProfileProof
from api.sqltypes import utcnow
from tests.conftest import Person, sign_up
from tests.organisations.factories import account, write_preferences

NO_CODE = "0" * 64


def verify(engine: Engine, person: Person, *profiles: tuple[str, str]) -> None:
    """Mark the person's (platform, profile) pairs as proven theirs."""
    with session_scope(engine) as session:
        for platform, profile in profiles:
            session.add(
                ProfileProof(
                    account_id=person.account_id,
                    platform=platform,
                    profile=profile,
                    code_hash=NO_CODE,
                    state=VERIFIED,
                    verified_at=utcnow(),
                )
            )


async def people(
    client: httpx.AsyncClient,
    engine: Engine | None,
    count: int,
    *,
    tag: str,
    region: str | None,
    platform: str = "facebook",
    state: str = "submitted",
    day: str | None = "2025-05-20",
) -> list[Person]:
    """`count` new people listing one profile each; verified when `engine` is given."""
    made = []
    dates: dict[str, Any] = {"submitted_on": day} if day else {}
    for number in range(count):
        person = await sign_up(client)
        handle = f"{tag}.{number}"
        await write_preferences(
            client, person, region=region, accounts=[account(platform, handle, state, **dates)]
        )
        if engine is not None:
            verify(engine, person, (platform, handle))
        made.append(person)
    return made
