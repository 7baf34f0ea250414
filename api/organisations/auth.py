"""Who may call the organisation API: `OrgKey` and one alias per scope, and the operator.

A route's signature states its permission: `key: StatsReader` lets in only live keys with the
`stats:read` scope, after the key's rate limit. A person's token is never an organisation key.
"""

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes

from api.db import session_scope
from api.deps import EngineDep, SettingsDep
from api.errors import Forbidden, RateLimited, Unauthorized
from api.organisations import service
from api.organisations.ratelimit import RateLimiter
from api.organisations.service import OrgPrincipal
from api.sqltypes import utcnow

_key_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="OrgKey",
    description="An organisation API key: `Authorization: Bearer aoo_<key id>_<secret>`",
)
_admin_bearer = HTTPBearer(
    auto_error=False, scheme_name="OperatorToken", description="The operator's admin token"
)
Credentials = HTTPAuthorizationCredentials | None


class MissingScope(Forbidden):
    code = "missing-scope"
    title = "This API key lacks the scope this needs"


async def rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


def org_key(
    security_scopes: SecurityScopes,
    credentials: Annotated[Credentials, Depends(_key_bearer)],
    engine: EngineDep,
    limiter: Annotated[RateLimiter, Depends(rate_limiter)],
) -> OrgPrincipal:
    if credentials is None:
        raise Unauthorized("Send an organisation API key: `Authorization: Bearer aoo_…`.")
    principal = service.authenticate_key(engine, token=credentials.credentials)
    retry_after = limiter.hit(principal.key_id)
    if retry_after is not None:
        raise RateLimited(
            "This key's requests per minute are used up.",
            headers={"Retry-After": str(retry_after)},
        )
    missing = [scope for scope in security_scopes.scopes if scope not in principal.scopes]
    if missing:
        raise MissingScope(f"This needs the scope {', '.join(missing)}.")
    now = utcnow()
    if service.last_use_is_stale(principal, now):
        # Its own short transaction, at most once a minute per key, before the route's session
        # opens (one connection at a time): the route's reads stay reads.
        with session_scope(engine) as writer:
            service.record_use(writer, key_id=principal.key_id, now=now)
    return principal


OrgKey = Annotated[OrgPrincipal, Security(org_key)]
StatsReader = Annotated[OrgPrincipal, Security(org_key, scopes=["stats:read"])]
MembersReader = Annotated[OrgPrincipal, Security(org_key, scopes=["members:read"])]
CampaignsReader = Annotated[OrgPrincipal, Security(org_key, scopes=["campaigns:read"])]
CampaignsWriter = Annotated[OrgPrincipal, Security(org_key, scopes=["campaigns:write"])]
WebhooksWriter = Annotated[OrgPrincipal, Security(org_key, scopes=["webhooks:write"])]
ChecksReader = Annotated[OrgPrincipal, Security(org_key, scopes=["checks:read"])]
ExportsReader = Annotated[OrgPrincipal, Security(org_key, scopes=["exports:read"])]


def operator(
    credentials: Annotated[Credentials, Depends(_admin_bearer)], settings: SettingsDep
) -> None:
    """The operator's token, checked against the hash in settings (none set: no admin API)."""
    expected = settings.admin_token_hash
    presented = "" if credentials is None else credentials.credentials
    digest = hashlib.sha256(presented.encode()).hexdigest()
    if not expected or not presented or not hmac.compare_digest(digest, expected):
        raise Unauthorized("The admin API needs the operator's token.")


Operator = Annotated[None, Depends(operator)]
