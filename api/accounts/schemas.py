"""Token responses and requests of /v1/accounts and /v1/auth; a person's sign-ins."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class TokenPair(BaseModel):
    """An access token for calls and a refresh token to get the next pair. Shown once."""

    account_id: str
    access_token: str
    refresh_token: str
    token_type: str = "Bearer"  # noqa: S105 (a scheme name, not a secret)
    expires_in: int = Field(description="Seconds until the access token expires")


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=10, max_length=200)


class SignInOut(BaseModel):
    """One live sign-in (refresh-token family) of the person's account."""

    id: str
    label: str | None = Field(description="Browser and system, e.g. 'Chrome on Android'")
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime
    current: bool = Field(description="True for the sign-in making this request")
