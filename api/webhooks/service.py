"""A group's webhook subscriptions and their delivery log."""

from sqlmodel import Session, col, func, select

from api.errors import Conflict, NotFound
from api.webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage
from api.webhooks.schemas import (
    AttemptOut,
    Deliveries,
    EndpointCreated,
    EndpointOut,
    MessageOut,
)
from api.webhooks.signing import new_endpoint_secret
from api.webhooks.urls import check_url

MAX_ENDPOINTS = 10


def subscribe(
    session: Session,
    *,
    organisation_id: str,
    url: str,
    events: list[str],
    allow_loopback: bool,
) -> EndpointCreated:
    check_url(url, allow_loopback=allow_loopback)
    existing = session.exec(
        select(func.count())
        .select_from(WebhookEndpoint)
        .where(col(WebhookEndpoint.organisation_id) == organisation_id)
    ).one()
    if existing >= MAX_ENDPOINTS:
        raise Conflict(f"An organisation may have at most {MAX_ENDPOINTS} webhook endpoints.")
    row = WebhookEndpoint(
        organisation_id=organisation_id,
        url=url,
        events=" ".join(events),
        secret=new_endpoint_secret(),
    )
    session.add(row)
    session.flush()
    return EndpointCreated(**_view(row).model_dump(), secret=row.secret)


def endpoints_of(session: Session, *, organisation_id: str) -> list[EndpointOut]:
    rows = session.exec(
        select(WebhookEndpoint)
        .where(col(WebhookEndpoint.organisation_id) == organisation_id)
        .order_by(col(WebhookEndpoint.created_at))
    )
    return [_view(row) for row in rows]


def unsubscribe(session: Session, *, organisation_id: str, endpoint_id: str) -> None:
    """Remove the endpoint, its queued messages and their log."""
    session.delete(_own_endpoint(session, organisation_id, endpoint_id))


def deliveries(
    session: Session, *, organisation_id: str, endpoint_id: str, limit: int
) -> Deliveries:
    """The endpoint's newest messages, each with every attempt made."""
    endpoint = _own_endpoint(session, organisation_id, endpoint_id)
    messages = list(
        session.exec(
            select(WebhookMessage)
            .where(col(WebhookMessage.endpoint_id) == endpoint.id)
            .order_by(col(WebhookMessage.created_at).desc(), col(WebhookMessage.id))
            .limit(limit)
        )
    )
    attempts: dict[str, list[AttemptOut]] = {}
    for attempt in session.exec(
        select(WebhookAttempt)
        .where(col(WebhookAttempt.message_id).in_([message.id for message in messages]))
        .order_by(col(WebhookAttempt.attempt))
    ):
        attempts.setdefault(attempt.message_id, []).append(_shown(attempt))
    return Deliveries(
        messages=[
            MessageOut(
                id=message.id,
                type=message.type,
                status=message.status,
                created_at=message.created_at,
                next_attempt_at=message.next_attempt_at if message.status == "pending" else None,
                delivered_at=message.delivered_at,
                attempts=attempts.get(message.id, []),
            )
            for message in messages
        ]
    )


def _own_endpoint(session: Session, organisation_id: str, endpoint_id: str) -> WebhookEndpoint:
    row = session.get(WebhookEndpoint, endpoint_id)
    if row is None or row.organisation_id != organisation_id:
        raise NotFound("Your organisation has no such webhook endpoint.")
    return row


def _view(row: WebhookEndpoint) -> EndpointOut:
    return EndpointOut(id=row.id, url=row.url, events=row.events.split(), created_at=row.created_at)


def _shown(attempt: WebhookAttempt) -> AttemptOut:
    """An attempt as the group sees it: the receiver's status, or "no answer". Rows written
    before deliveries kept only that still hold the client's error text (which told a refused
    port from a silent one), so the text is derived here, not read."""
    status = attempt.status_code
    if status is None:
        error: str | None = "no answer"
    else:
        error = None if 200 <= status < 300 else f"HTTP {status}"
    return AttemptOut(
        attempt=attempt.attempt,
        at=attempt.at,
        status_code=status,
        error=error,
        duration_ms=attempt.duration_ms,
    )
