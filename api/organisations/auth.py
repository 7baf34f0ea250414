"""Who may call the organisation API: `OrgKey` and one alias per scope, and the operator.

A route's signature states its permission: `key: StatsReader` lets in only live keys with the
`stats:read` scope, after the key's rate limit. A person's token is never an organisation key.
"""

import hashlib
import hmac
import logging
from typing import Annotated

from fastapi import Depends, Request, Response, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes

from api.db import session_scope
from api.deps import EngineDep, SettingsDep
from api.errors import Forbidden, Unauthorized
from api.organisations import keys, service
from api.organisations.service import OrgPrincipal
from api.ratelimits.deps import RateLimitsDep, client_address
from api.ratelimits.service import admit, record_failure, refuse_while_failing
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
log = logging.getLogger(__name__)


class MissingScope(Forbidden):
    code = "missing-scope"
    title = "This API key lacks the scope this needs"


def org_key(
    security_scopes: SecurityScopes,
    credentials: Annotated[Credentials, Depends(_key_bearer)],
    engine: EngineDep,
    limits: RateLimitsDep,
    request: Request,
    response: Response,
) -> OrgPrincipal:
    if credentials is None:
        raise Unauthorized("Send an organisation API key: `Authorization: Bearer aoo_…`.")
    # Wrong secrets count per client address and per key id; once either has too many, the
    # key is not even checked until the window ends.
    address = client_address(request)
    failures = [(limits.key_failures_per_address, f"key-failures:address:{address}")]
    presented = keys.parse(credentials.credentials)
    if presented is not None:
        failures.append((limits.key_failures_per_key, f"key-failures:key:{presented.key_id}"))
    refuse_while_failing(failures, what="attempts with API keys")
    try:
        principal = service.authenticate_key(engine, token=credentials.credentials)
    except Unauthorized:
        record_failure(failures)
        # A security event; the key id is not secret and says which key is being guessed at.
        log.warning(
            "an organisation API key was refused",
            extra={
                "event": "api_key.rejected",
                "key_id": presented.key_id if presented is not None else None,
            },
        )
        raise
    response.headers.update(
        admit([(limits.org_keys, principal.key_id)], what="requests with this API key")
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
    credentials: Annotated[Credentials, Depends(_admin_bearer)],
    settings: SettingsDep,
    limits: RateLimitsDep,
    request: Request,
) -> None:
    """The operator's token, checked against the hash in settings (none set: no admin API).
    Wrong tokens count per client address; too many and none is checked for a while."""
    expected = settings.admin_token_hash
    presented = "" if credentials is None else credentials.credentials
    failures = [
        (limits.operator_failures_per_address, f"operator-failures:{client_address(request)}")
    ]
    if presented:
        refuse_while_failing(failures, what="attempts with an operator token")
    digest = hashlib.sha256(presented.encode()).hexdigest()
    if not expected or not presented or not hmac.compare_digest(digest, expected):
        if presented:
            record_failure(failures)
            log.warning(
                "a wrong operator token was refused", extra={"event": "operator_token.rejected"}
            )
        raise Unauthorized("The admin API needs the operator's token.")


Operator = Annotated[None, Depends(operator)]
