"""A person's ways back into their account, in one answer."""

from fastapi import APIRouter

from api.accounts.deps import CurrentCaller
from api.credentials import examples
from api.credentials.schemas import CredentialsOut
from api.credentials.service import credentials_of
from api.deps import ReadSessionDep
from api.errors import Unauthorized, problem_responses

router = APIRouter()


@router.get(
    "/me/credentials",
    summary="Your ways back into this account",
    description="Your passkeys, the OpenID Connect identities you linked, how many recovery "
    "codes are left, and your live sign-ins, in one answer; `stranded_if_signed_out` is true "
    "when none of them would bring you back. Each is managed at its own route "
    "(`/v1/me/passkeys`, `/v1/me/oidc-identities`, `/v1/me/recovery-codes`, "
    "`/v1/me/sessions`).",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.LIST_CREDENTIALS,
)
def list_credentials(caller: CurrentCaller, session: ReadSessionDep) -> CredentialsOut:
    return credentials_of(session, account_id=caller.account_id, current_sign_in=caller.session_id)
