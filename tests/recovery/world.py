"""The owner's codes in the access matrix's world: a recovery code and a link code."""

from typing import Any

import httpx

from tests.conftest import Person
from tests.recovery.support import link_code, recovery_codes

# Well formed, never issued: what everyone but the owner presents.
WRONG_CODES = {"recovery_code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "link_code": "ZZZZZ-ZZZZZ"}


async def code_ids(client: httpx.AsyncClient, owner: Person) -> dict[str, Any]:
    return {
        "recovery_code": (await recovery_codes(client, owner))[0],
        "link_code": (await link_code(client, owner))["code"],
    }
