"""What a person sees of their ways back: never a key, a code or who they are at a provider."""

from pydantic import BaseModel, Field

from api.accounts.schemas import SignInOut
from api.oidc.schemas import IdentityOut
from api.passkeys.schemas import PasskeyPublic
from api.recovery.schemas import RecoveryCodesStatus


class CredentialsOut(BaseModel):
    """How this account can be reached again: if all are empty, one lost device strands it."""

    passkeys: list[PasskeyPublic]
    oidc_identities: list[IdentityOut] = Field(description="Linked OpenID Connect identities")
    recovery_codes: RecoveryCodesStatus
    sign_ins: list[SignInOut] = Field(description="Live sign-ins (devices) of the account")
    stranded_if_signed_out: bool = Field(
        description="True when there is no passkey, linked identity or unused recovery code: "
        "signing out (or losing this device) would leave the record unreachable"
    )
