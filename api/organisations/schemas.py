"""What the operator and an organisation send and read about organisations and their keys."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.organisations.keys import Scope


class OrganisationIn(BaseModel):
    """A new organisation."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a name must not be blank")
        return value.strip()


class OrganisationOut(BaseModel):
    id: str
    name: str
    created_at: datetime


class KeyIn(BaseModel):
    """A new API key: what it may do, and a label to tell keys apart."""

    model_config = ConfigDict(
        extra="forbid",
    )

    scopes: list[Scope] = Field(min_length=1, max_length=7)
    name: str = Field(default="", max_length=100)

    @field_validator("scopes")
    @classmethod
    def _unique(cls, value: list[Scope]) -> list[Scope]:
        if len(set(value)) != len(value):
            raise ValueError("scopes must not repeat")
        return value


class KeyOut(BaseModel):
    id: str
    organisation_id: str
    name: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class IssuedKey(KeyOut):
    """A key just issued. `key` is shown this once; only its hash is kept."""

    key: str


class WhoAmI(BaseModel):
    """The organisation and the key a request was made with."""

    organisation: OrganisationOut
    key: KeyOut
