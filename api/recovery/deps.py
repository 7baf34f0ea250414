"""Attempts at a code are counted before the route's session opens: `RecoveryAttempt` and
`LinkAttempt` are the code from the body, once the caller's address (and the code) are within
their limits."""

from typing import Annotated

from fastapi import Depends, Request, Response

from api.ratelimits.deps import client_address
from api.recovery.limits import CodeAttempts
from api.recovery.schemas import CodeIn
from api.recovery.service import LINK, RECOVERY


async def get_code_attempts(request: Request) -> CodeAttempts:
    attempts: CodeAttempts = request.app.state.code_attempts
    return attempts


CodeAttemptsDep = Annotated[CodeAttempts, Depends(get_code_attempts)]


async def recovery_attempt(
    body: CodeIn, request: Request, response: Response, attempts: CodeAttemptsDep
) -> str:
    response.headers.update(await attempts.count_async(RECOVERY, address=client_address(request)))
    return body.code


async def link_attempt(
    body: CodeIn, request: Request, response: Response, attempts: CodeAttemptsDep
) -> str:
    address = client_address(request)
    response.headers.update(await attempts.count_async(LINK, address=address, code=body.code))
    return body.code


RecoveryAttempt = Annotated[str, Depends(recovery_attempt)]
LinkAttempt = Annotated[str, Depends(link_attempt)]
