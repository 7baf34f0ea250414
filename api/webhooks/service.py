"""A group's webhook subscriptions, their delivery log, test deliveries, redeliveries and
secret rotation."""

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from api.db import after_commit
from api.errors import Conflict, NotFound
from api.nudges import Nudges
from api.organisations.models import Organisation
from api.sqltypes import utcnow
from api.webhooks import events
from api.webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage
from api.webhooks.outbox import envelope
from api.webhooks.schemas import (
    AttemptOut,
    Deliveries,
    EndpointCreated,
    EndpointOut,
    MessageOut,
    SecretRotated,
)
from api.webhooks.signing import new_endpoint_secret
from api.webhooks.urls import check_url, same_receiver

MAX_ENDPOINTS = 10


class DuplicateWebhookUrl(Conflict):
    code, title = "duplicate-webhook-url", "This URL is already one of your webhook endpoints"


class NotRedeliverable(Conflict):
    code, title = "not-redeliverable", "Only a message that failed for good can be redelivered"


def subscribe(
    session: Session,
    *,
    organisation_id: str,
    url: str,
    events: list[str],
    allow_loopback: bool,
) -> EndpointCreated:
    check_url(url, allow_loopback=allow_loopback)
    # One subscription of a group at a time: two at once could both find the URL free (or
    # the tenth place). PostgreSQL: the group's row lock; SQLite's writers are one at a time.
    session.exec(
        select(Organisation.id).where(col(Organisation.id) == organisation_id).with_for_update()
    ).first()
    existing = list(
        session.exec(
            select(WebhookEndpoint)
            .where(col(WebhookEndpoint.organisation_id) == organisation_id)
            .order_by(col(WebhookEndpoint.created_at))
        )
    )
    for endpoint in existing:
        if same_receiver(endpoint.url, url):
            raise DuplicateWebhookUrl(
                f"`url`: your endpoint {endpoint.id} already receives at this URL. To change "
                "its events, remove it and subscribe again; to test it, "
                f"POST /v1/org/webhooks/{endpoint.id}/test."
            )
    if len(existing) >= MAX_ENDPOINTS:
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
    attempts = _attempts(session, [message.id for message in messages])
    return Deliveries(
        messages=[_message_view(message, attempts.get(message.id, [])) for message in messages]
    )


def send_test(
    session: Session, *, organisation_id: str, endpoint_id: str, nudges: Nudges
) -> MessageOut:
    """Queue a signed `webhook.test` for this endpoint alone, to be sent now by the deliverer
    (so it is logged, retried and signed as every event is). A test still pending is sent now
    instead of queueing another: asking again after fixing a receiver does not pile them up."""
    endpoint = _own_endpoint(session, organisation_id, endpoint_id, lock=True)  # one at a time
    now = utcnow()
    pending = session.exec(
        select(WebhookMessage)
        .where(col(WebhookMessage.endpoint_id) == endpoint.id)
        .where(col(WebhookMessage.type) == events.TEST)
        .where(col(WebhookMessage.status) == "pending")
        .with_for_update()
    ).first()
    if pending is None:
        pending = WebhookMessage(
            endpoint_id=endpoint.id,
            type=events.TEST,
            body=envelope(events.TEST, events.webhook_test(endpoint.id, now), now),
            created_at=now,
            next_attempt_at=now,
        )
    elif pending.locked_until is None or pending.locked_until <= now:
        pending.next_attempt_at = now  # not being sent right now: its next try is now
    session.add(pending)
    session.flush()
    after_commit(session, nudges.deliverer)
    return _message_view(pending, _attempts(session, [pending.id]).get(pending.id, []))


def redeliver(
    session: Session, *, organisation_id: str, endpoint_id: str, message_id: str, nudges: Nudges
) -> MessageOut:
    """Put a dead message back to pending with a fresh set of attempts, due now. Its earlier
    attempts stay in the log; the new ones count from 1 again."""
    endpoint = _own_endpoint(session, organisation_id, endpoint_id)
    message = session.exec(
        select(WebhookMessage)
        .where(col(WebhookMessage.id) == message_id)
        .where(col(WebhookMessage.endpoint_id) == endpoint.id)
        .with_for_update()
    ).first()
    if message is None:
        raise NotFound("This webhook endpoint has no such message.")
    if message.status != "dead":
        raise NotRedeliverable(
            f"Message {message.id} is {message.status}: only a dead message (all its attempts "
            "failed) can be redelivered."
        )
    message.status, message.attempts = "pending", 0
    message.next_attempt_at, message.locked_until = utcnow(), None
    session.add(message)
    session.flush()
    after_commit(session, nudges.deliverer)
    return _message_view(message, _attempts(session, [message.id]).get(message.id, []))


def rotate_secret(
    session: Session, *, organisation_id: str, endpoint_id: str, overlap: timedelta
) -> SecretRotated:
    """Issue a new secret (shown this once). For `overlap` deliveries are signed with the
    replaced secret too, so a receiver can switch at its own pace; a secret replaced earlier
    stops signing at once. A zero overlap retires the old secret now."""
    endpoint = _own_endpoint(session, organisation_id, endpoint_id, lock=True)
    now = utcnow()
    if overlap > timedelta(0):
        endpoint.previous_secret, endpoint.previous_secret_until = endpoint.secret, now + overlap
    else:
        endpoint.previous_secret, endpoint.previous_secret_until = None, None
    endpoint.secret = new_endpoint_secret()
    session.add(endpoint)
    session.flush()
    return SecretRotated(
        id=endpoint.id, secret=endpoint.secret, previous_secret_until=_overlap_end(endpoint, now)
    )


def _own_endpoint(
    session: Session, organisation_id: str, endpoint_id: str, *, lock: bool = False
) -> WebhookEndpoint:
    query = select(WebhookEndpoint).where(col(WebhookEndpoint.id) == endpoint_id)
    row = session.exec(query.with_for_update() if lock else query).first()
    if row is None or row.organisation_id != organisation_id:
        raise NotFound("Your organisation has no such webhook endpoint.")
    return row


def _attempts(session: Session, message_ids: list[str]) -> dict[str, list[AttemptOut]]:
    """Each message's attempts in the order they were made (a redelivery numbers from 1 again)."""
    attempts: dict[str, list[AttemptOut]] = {}
    for attempt in session.exec(
        select(WebhookAttempt)
        .where(col(WebhookAttempt.message_id).in_(message_ids))
        .order_by(col(WebhookAttempt.at), col(WebhookAttempt.attempt))
    ):
        attempts.setdefault(attempt.message_id, []).append(_shown(attempt))
    return attempts


def _message_view(message: WebhookMessage, attempts: list[AttemptOut]) -> MessageOut:
    return MessageOut(
        id=message.id,
        type=message.type,
        status=message.status,
        created_at=message.created_at,
        next_attempt_at=message.next_attempt_at if message.status == "pending" else None,
        delivered_at=message.delivered_at,
        attempts=attempts,
    )


def _overlap_end(row: WebhookEndpoint, now: datetime) -> datetime | None:
    until = row.previous_secret_until
    return until if until is not None and now < until and row.previous_secret else None


def _view(row: WebhookEndpoint) -> EndpointOut:
    return EndpointOut(
        id=row.id,
        url=row.url,
        events=row.events.split(),
        created_at=row.created_at,
        previous_secret_until=_overlap_end(row, utcnow()),
    )


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
