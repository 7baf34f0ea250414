"""The outbox: an event becomes one message per subscribed endpoint, written in the same
transaction as the change it reports, so a change is never without its message (or vice versa).
"""

import json
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection
from sqlmodel import col, select

from api.webhooks.models import WebhookEndpoint, WebhookMessage, new_message_id


def envelope(type: str, data: dict[str, Any], at: datetime) -> str:
    return json.dumps(
        {"type": type, "timestamp": at.isoformat(), "data": data}, separators=(",", ":")
    )


def message_row(id: str, endpoint_id: str, type: str, body: str, at: datetime) -> dict[str, Any]:
    """One pending message, due now, as a row for a bulk insert."""
    return {
        "id": id,
        "endpoint_id": endpoint_id,
        "type": type,
        "body": body,
        "status": "pending",
        "attempts": 0,
        "created_at": at,
        "next_attempt_at": at,
    }


def enqueue(
    connection: Connection,
    *,
    organisation_id: str,
    type: str,
    data: dict[str, Any],
    at: datetime,
) -> int:
    """Queue `type` for each of the organisation's endpoints that subscribed to it."""
    endpoints = connection.execute(
        select(WebhookEndpoint.id, WebhookEndpoint.events).where(
            col(WebhookEndpoint.organisation_id) == organisation_id
        )
    ).all()
    body = envelope(type, data, at)
    rows = [
        message_row(new_message_id(), endpoint_id, type, body, at)
        for endpoint_id, events in endpoints
        if type in events.split()
    ]
    if rows:
        connection.execute(insert(WebhookMessage), rows)
    return len(rows)
