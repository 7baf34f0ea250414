"""Sign-in ceremonies are counted per client address before any challenge is written: one
address cannot fill the challenge table. The count shares the per-address limiter of code
attempts (`AI_OPTOUT_CODE_ATTEMPTS_PER_ADDRESS_PER_MINUTE`) under keys of its own, so passkeys
never spend a person's recovery attempts; there is no service-wide cap, because a passkey is
the main way back and cannot be guessed."""

from fastapi import Request

from api.errors import RateLimited
from api.ratelimits.deps import client_address
from api.recovery.limits import CodeAttempts


class TooManyPasskeyAttempts(RateLimited):
    code = "too-many-passkey-attempts"
    title = "Too many passkey sign-in attempts; wait before trying again"


async def count_sign_in_attempt(request: Request) -> None:
    attempts: CodeAttempts = request.app.state.code_attempts
    address = client_address(request)
    retry_after = await attempts.per_address.hit_async(f"passkeys:sign-in:address:{address}")
    if retry_after is not None:
        raise TooManyPasskeyAttempts(
            f"Too many attempts; try again in {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )
