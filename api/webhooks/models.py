"""Webhook subscriptions, the outbox of messages to send, and the log of every attempt."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Text
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow


def new_message_id() -> str:
    return "msg_" + new_id()


class WebhookEndpoint(SQLModel, table=True):
    """A group's receiver URL and the events it wants. The secret signs every delivery."""

    __tablename__ = "webhook_endpoints"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    organisation_id: str = Field(
        sa_column=Column(
            String(32),
            ForeignKey("organisations.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    url: str = Field(max_length=2000)
    # Space-separated event types.
    events: str = Field(max_length=300)
    # `whsec_<base64>`; kept in clear because every delivery is signed with it.
    secret: str = Field(max_length=100)
    # The secret a rotation replaced: deliveries are signed with it too until
    # `previous_secret_until`, so receivers can switch without refusing a delivery.
    previous_secret: str | None = Field(default=None, max_length=100)
    previous_secret_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class WebhookMessage(SQLModel, table=True):
    """One event for one endpoint: written in the transaction of the change, sent afterwards."""

    __tablename__ = "webhook_messages"
    __table_args__ = (Index("ix_webhook_messages_due", "status", "next_attempt_at"),)

    id: str = Field(default_factory=new_message_id, primary_key=True, max_length=40)
    endpoint_id: str = Field(
        sa_column=Column(
            String(32),
            ForeignKey("webhook_endpoints.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    type: str = Field(max_length=64)
    body: str = Field(sa_column=Column(Text, nullable=False))
    # pending → delivered, or dead after the last attempt.
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # A worker's claim: until then no other worker takes the message.
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookAttempt(SQLModel, table=True):
    """One delivery attempt and how the receiver answered."""

    __tablename__ = "webhook_attempts"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    message_id: str = Field(
        sa_column=Column(
            String(40),
            ForeignKey("webhook_messages.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    endpoint_id: str = Field(
        sa_column=Column(
            String(32),
            ForeignKey("webhook_endpoints.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    attempt: int
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    status_code: int | None = None
    error: str | None = Field(default=None, max_length=300)
    duration_ms: int = 0
