"""What goes over the wire for passkeys: ceremony options, a ceremony's answer, a passkey."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# A credential as the browser's PublicKeyCredential.toJSON() gives it; py_webauthn parses it.
Credential = dict[str, Any]


class CeremonyOptions(BaseModel):
    """Options for navigator.credentials.create() or .get(), in their JSON form, and the id of
    the one-time challenge inside them (send it back with the answer)."""

    challenge_id: str
    options: dict[str, Any] = Field(
        description="PublicKeyCredentialCreationOptionsJSON (adding a passkey) or "
        "PublicKeyCredentialRequestOptionsJSON (signing in)"
    )


class PasskeyRegistration(BaseModel):
    """The answer of navigator.credentials.create() to registration options."""

    model_config = ConfigDict(extra="forbid")

    challenge_id: str = Field(min_length=32, max_length=32, pattern=r"^[0-9a-f]{32}$")
    credential: Credential
    label: str | None = Field(default=None, min_length=1, max_length=100)


class PasskeySignIn(BaseModel):
    """The answer of navigator.credentials.get() to sign-in options."""

    model_config = ConfigDict(extra="forbid")

    challenge_id: str = Field(min_length=32, max_length=32, pattern=r"^[0-9a-f]{32}$")
    credential: Credential


class PasskeyUpdate(BaseModel):
    """A passkey's new label."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1, max_length=100)


class PasskeyPublic(BaseModel):
    """A passkey as its owner sees it: never its key or credential id."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    label: str
    created_at: datetime
    last_used_at: datetime | None


class PasskeyList(BaseModel):
    passkeys: list[PasskeyPublic]
