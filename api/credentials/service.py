"""Gathering a person's ways back from the packages that own each of them."""

from sqlmodel import Session

from api.accounts import service as accounts
from api.credentials.schemas import CredentialsOut
from api.oidc import service as oidc
from api.oidc.schemas import IdentityOut
from api.passkeys import service as passkeys
from api.passkeys.schemas import PasskeyPublic
from api.recovery import service as recovery
from api.recovery.schemas import RecoveryCodesStatus


def credentials_of(session: Session, *, account_id: str, current_sign_in: str) -> CredentialsOut:
    keys = [PasskeyPublic.model_validate(p) for p in passkeys.list_passkeys(session, account_id)]
    identities = [
        IdentityOut.model_validate(row, from_attributes=True)
        for row in oidc.list_identities(session, account_id=account_id)
    ]
    left = recovery.recovery_codes_left(session, account_id=account_id)
    return CredentialsOut(
        passkeys=keys,
        oidc_identities=identities,
        recovery_codes=RecoveryCodesStatus(
            remaining=left.remaining, total=left.total, created_at=left.created_at
        ),
        sign_ins=accounts.sign_ins(session, account_id=account_id, current=current_sign_in),
        stranded_if_signed_out=not (keys or identities or left.remaining),
    )
