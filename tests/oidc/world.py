"""The access matrix's world: an identity linked to the owner, written as a link would."""

import secrets

from sqlalchemy.engine import Engine

from api.db import session_scope
from api.oidc.models import OidcIdentity
from tests.conftest import Person


def identity_ids(engine: Engine, owner: Person) -> dict[str, str]:
    with session_scope(engine) as session:
        identity = OidcIdentity(
            account_id=owner.account_id,
            provider="matrix",
            issuer="https://issuer.example",
            subject=secrets.token_hex(8),
        )
        session.add(identity)
        session.flush()
        # No provider of this name is configured in the matrix: starting and finishing stop
        # at who is calling, the redirect URI or the unknown provider.
        return {"identity_id": identity.id, "provider": "matrix"}
