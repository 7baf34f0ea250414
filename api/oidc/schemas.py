"""What goes over the wire for OpenID Connect sign-in and a person's linked identities."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Purpose = Literal["link", "sign_in"]


class ProviderOut(BaseModel):
    """A provider a person may link or sign in with."""

    name: str


class ProvidersOut(BaseModel):
    providers: list[ProviderOut]


class StartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    purpose: Purpose = Field(
        description="`link` adds the identity to the signed-in account (send its token); "
        "`sign_in` starts a new sign-in of the account already linked to it"
    )
    redirect_uri: str = Field(
        min_length=1,
        max_length=500,
        description="Where the provider returns; must be one the operator allowed, exactly",
    )


class StartOut(BaseModel):
    """Open `authorization_url` (e.g. with `identity.launchWebAuthFlow`); the provider returns to
    the redirect URI with `code` and `state`. Check that `state` is this one, then finish."""

    authorization_url: str
    state: str
    expires_in: int = Field(description="Seconds this attempt stays open")


class FinishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=2048)
    state: str = Field(min_length=1, max_length=128)


class IdentityOut(BaseModel):
    """A linked identity: which provider and issuer, never who the person is there."""

    id: str
    provider: str
    issuer: str
    created_at: datetime
    last_used_at: datetime | None = Field(description="The last sign-in with it, if any")


class IdentitiesOut(BaseModel):
    identities: list[IdentityOut]
