"""What the profile routes take from the app: the runtime parts built at start."""

from typing import Annotated

from fastapi import Depends, Request

from api.profiles.runtime import ProfileProofs


async def get_profile_proofs(request: Request) -> ProfileProofs:
    proofs: ProfileProofs = request.app.state.profile_proofs
    return proofs


ProfileProofsDep = Annotated[ProfileProofs, Depends(get_profile_proofs)]
