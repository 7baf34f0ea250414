"""Webhook subscriptions and their delivery log, as the subscribing group sees them."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.config import JsonDict

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


_ENDPOINT: JsonDict = {
    "id": "0f8e6c2a9b1d4e7f8a3c5b6d7e8f9a0b",
    "url": "https://hooks.example.org/ai-optout",
    "events": ["member.authorised", "member.revoked"],
    "created_at": "2026-12-05T09:30:00Z",
    "previous_secret_until": None,
}
_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw2Yj3u3Yhm1g="  # noqa: S105 (an example)


class EndpointOut(BaseModel):
    """A subscribed receiver. Its secret is never shown again after it was issued."""

    model_config = ConfigDict(json_schema_extra={"examples": [_ENDPOINT]})

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

    model_config = ConfigDict(json_schema_extra={"examples": [{**_ENDPOINT, "secret": _SECRET}]})

    secret: str


class SecretRotated(BaseModel):
    """The endpoint's new secret, shown this once, and until when the replaced one still signs."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": _ENDPOINT["id"],
                    "secret": _SECRET,
                    "previous_secret_until": "2026-12-06T09:30:00Z",
                }
            ]
        }
    )

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


_MESSAGE: JsonDict = {
    "id": "msg_3b2f0c1d9e8a4f6b7c5d4e3f2a1b0c9d",
    "type": "member.authorised",
    "status": "dead",
    "created_at": "2026-12-05T09:31:00Z",
    "next_attempt_at": None,
    "delivered_at": None,
    "attempts": [
        {
            "attempt": 1,
            "at": "2026-12-05T09:31:01Z",
            "status_code": 503,
            "error": "HTTP 503",
            "duration_ms": 84,
        },
        {
            "attempt": 2,
            "at": "2026-12-05T09:31:40Z",
            "status_code": None,
            "error": "no answer",
            "duration_ms": 5000,
        },
    ],
}


class MessageOut(BaseModel):
    """One event sent (or being sent) to the endpoint; `id` is its `webhook-id` header."""

    model_config = ConfigDict(json_schema_extra={"examples": [_MESSAGE]})

    id: str
    type: str
    status: str = Field(description="`pending`, `delivered`, or `dead` after the last attempt")
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    attempts: list[AttemptOut]


class Deliveries(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"messages": [_MESSAGE]}]})

    messages: list[MessageOut]
