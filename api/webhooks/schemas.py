"""Webhook subscriptions and their delivery log, as the subscribing group sees them."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.webhooks.events import EVENT_TYPES, EventType


class EndpointIn(BaseModel):
    """A receiver: an https URL and the events to send to it."""

    model_config = ConfigDict(
        extra="forbid",
    )

    url: str = Field(min_length=1, max_length=2000)
    events: list[EventType] = Field(min_length=1, max_length=len(EVENT_TYPES))

    @field_validator("events")
    @classmethod
    def _unique(cls, value: list[EventType]) -> list[EventType]:
        if len(set(value)) != len(value):
            raise ValueError("events must not repeat")
        return value


class EndpointOut(BaseModel):
    """A subscribed receiver. Its secret is never shown again after it was issued."""

    id: str
    url: str
    events: list[str]
    created_at: datetime
    previous_secret_until: datetime | None = Field(
        default=None,
        description="After a secret rotation: until then deliveries are also signed with the "
        "replaced secret. Null when only the current secret signs.",
    )


class EndpointCreated(EndpointOut):
    """A new subscription. `secret` (`whsec_…`) signs every delivery; it is shown this once."""

    secret: str


class SecretRotated(BaseModel):
    """The endpoint's new secret, shown this once, and until when the replaced one still signs."""

    id: str
    secret: str
    previous_secret_until: datetime | None = Field(
        description="Deliveries carry a signature with each secret until then; null when the "
        "overlap is off (`AI_OPTOUT_WEBHOOK_SECRET_OVERLAP_HOURS=0`)."
    )


class AttemptOut(BaseModel):
    attempt: int
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


class MessageOut(BaseModel):
    """One event sent (or being sent) to the endpoint; `id` is its `webhook-id` header."""

    id: str
    type: str
    status: str = Field(description="`pending`, `delivered`, or `dead` after the last attempt")
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    attempts: list[AttemptOut]


class Deliveries(BaseModel):
    messages: list[MessageOut]
