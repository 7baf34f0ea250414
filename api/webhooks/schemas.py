"""Webhook subscriptions and their delivery log, as the subscribing group sees them."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.webhooks.events import EventType


class EndpointIn(BaseModel):
    """A receiver: an https URL and the events to send to it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://hooks.example.org/ai-optout",
                    "events": ["member.authorised", "member.revoked"],
                }
            ]
        },
    )

    url: str = Field(min_length=1, max_length=2000)
    events: list[EventType] = Field(min_length=1, max_length=4)

    @field_validator("events")
    @classmethod
    def _unique(cls, value: list[EventType]) -> list[EventType]:
        if len(set(value)) != len(value):
            raise ValueError("events must not repeat")
        return value


class EndpointOut(BaseModel):
    id: str
    url: str
    events: list[str]
    created_at: datetime


class EndpointCreated(EndpointOut):
    """A new subscription. `secret` (`whsec_…`) signs every delivery; it is shown this once."""

    secret: str


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
    status: str
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    attempts: list[AttemptOut]


class Deliveries(BaseModel):
    messages: list[MessageOut]
