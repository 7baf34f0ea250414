"""The delivery worker: claims due messages from the outbox, posts them signed, records each try.

Runs as a background task in every service process and as `ai-optout webhooks deliver`.
Delivery is at least once: a message is claimed for a lease (PostgreSQL `FOR UPDATE SKIP
LOCKED`, so replicas never claim the same rows; SQLite has one writer), and a worker that dies
mid-delivery leaves it to be claimed again when the lease ends. Receivers dedupe by
`webhook-id`. Failures retry with exponential backoff and jitter, then the message is dead.
The API never waits on any of this: HTTP is async with short timeouts, database work runs in
threads.

Each post goes through the one outbound client (api.outbound): the receiver's name is resolved
once and only a checked public address is connected to. The log a group reads shows the
receiver's HTTP status and nothing else: a destination that is refused, unresolvable,
unreachable or silent is one outcome, "no answer", recorded as taking the whole timeout, so the
log cannot map what lies behind addresses the group cannot reach itself.
"""

import asyncio
import logging
import math
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import col, or_, select

from api.db import session_scope
from api.outbound import OutboundFailed, OutboundRefused, Resolver, fetch
from api.sqltypes import utcnow
from api.webhooks import signing
from api.webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 6 * 3600
NO_ANSWER = "no answer"
_jitter = secrets.SystemRandom()


@dataclass(frozen=True, slots=True)
class Claimed:
    message_id: str
    endpoint_id: str
    url: str
    secret: str
    body: str
    previous_secret: str | None = None  # a rotation's replaced secret, during its overlap


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    status_code: int | None
    error: str | None
    duration_ms: int


def _overlapping(endpoint: WebhookEndpoint, now: datetime) -> str | None:
    """The replaced secret while its overlap lasts, else None: only the new one signs."""
    until = endpoint.previous_secret_until
    return endpoint.previous_secret if until is not None and now < until else None


def backoff_seconds(attempts: int, base: float) -> float:
    """Exponential in the attempts made so far, capped, with equal jitter."""
    ceiling = min(float(MAX_BACKOFF_SECONDS), base * 2.0 ** (attempts - 1))
    return ceiling / 2 + _jitter.uniform(0, ceiling / 2)


class DeliveryWorker:
    def __init__(
        self,
        engine: Engine,
        *,
        timeout_seconds: float,
        max_attempts: int,
        retry_base_seconds: float,
        allow_loopback: bool,
        resolver: Resolver | None = None,
        batch: int = 50,
        concurrency: int = 10,
        poll_seconds: float = 1.0,
    ) -> None:
        self.engine = engine
        self.timeout_seconds = timeout_seconds
        self.max_attempts = max_attempts
        self.retry_base_seconds = retry_base_seconds
        self.allow_loopback = allow_loopback
        self.resolver = resolver  # None: the system's; tests inject a stand-in
        self.batch = batch
        self.concurrency = concurrency
        self.poll_seconds = poll_seconds
        # Long enough for a whole batch to time out, one slot after another.
        self.lease = timedelta(seconds=(timeout_seconds + 1) * math.ceil(batch / concurrency) + 30)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None

    def wake(self) -> None:
        """Deliver now rather than at the next poll (callable from any thread)."""
        loop, wakeup = self._loop, self._wakeup
        if loop is not None and wakeup is not None and not loop.is_closed():
            loop.call_soon_threadsafe(wakeup.set)

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set, sleeping between polls unless woken."""
        self._loop, self._wakeup = asyncio.get_running_loop(), asyncio.Event()
        while not stop.is_set():
            try:
                handled = await self.run_once()
            except Exception:  # a bad batch must not end delivery for good
                log.exception("webhook delivery failed; retrying at the next poll")
                handled = 0
            if handled:
                continue
            self._wakeup.clear()
            waiters = [asyncio.create_task(stop.wait()), asyncio.create_task(self._wakeup.wait())]
            await asyncio.wait(waiters, timeout=self.poll_seconds, return_when="FIRST_COMPLETED")
            for waiter in waiters:
                waiter.cancel()

    async def run_once(self) -> int:
        """Claim one batch of due messages, deliver them, record the outcomes; how many."""
        claimed = await asyncio.to_thread(self._claim)
        if not claimed:
            return 0
        limit = asyncio.Semaphore(self.concurrency)

        async def one(message: Claimed) -> Outcome:
            async with limit:
                return await self._deliver(message)

        outcomes = await asyncio.gather(*(one(message) for message in claimed))
        await asyncio.to_thread(self._record, list(zip(claimed, outcomes, strict=True)))
        return len(claimed)

    def _claim(self) -> list[Claimed]:
        now = utcnow()
        due = (
            select(WebhookMessage, WebhookEndpoint)
            .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookMessage.endpoint_id))
            .where(col(WebhookMessage.status) == "pending")
            .where(col(WebhookMessage.next_attempt_at) <= now)
            .where(
                or_(
                    col(WebhookMessage.locked_until).is_(None),
                    col(WebhookMessage.locked_until) <= now,
                )
            )
            .order_by(col(WebhookMessage.next_attempt_at))
        )
        # Look before taking a write transaction: on SQLite that is the database's one writer.
        with session_scope(self.engine, write=False) as session:
            if session.exec(due.limit(1)).first() is None:
                return []
        with session_scope(self.engine) as session:
            rows = session.exec(
                due.limit(self.batch).with_for_update(skip_locked=True, of=WebhookMessage)
            ).all()
            for message, _endpoint in rows:
                message.locked_until = now + self.lease
                session.add(message)
            return [
                Claimed(
                    message.id,
                    endpoint.id,
                    endpoint.url,
                    endpoint.secret,
                    message.body,
                    _overlapping(endpoint, now),
                )
                for message, endpoint in rows
            ]

    async def _deliver(self, message: Claimed) -> Outcome:
        started = time.perf_counter()
        body = message.body.encode()
        headers = signing.headers(
            message.secret, message.message_id, body, previous=message.previous_secret
        )
        try:
            reply = await fetch(
                message.url,
                method="POST",
                body=body,
                headers=headers,
                max_bytes=0,  # only the status is kept
                timeout_seconds=self.timeout_seconds,
                allow_loopback=self.allow_loopback,
                resolver=self.resolver,
            )
        except (OutboundRefused, OutboundFailed) as error:
            # The group sees one undistinguished outcome, after the same wait whatever the
            # reason, so no timing tells them apart. The log gets the kind of failure only: the
            # reason's text can quote what the receiver sent.
            _failed(message, NO_ANSWER, type(error).__name__)
            await asyncio.sleep(max(0.0, self.timeout_seconds - (time.perf_counter() - started)))
            return Outcome(False, None, NO_ANSWER, int(self.timeout_seconds * 1000))
        elapsed = int((time.perf_counter() - started) * 1000)
        if 200 <= reply.status < 300:
            return Outcome(True, reply.status, None, elapsed)
        _failed(message, str(reply.status), "HTTPStatus")
        return Outcome(False, reply.status, f"HTTP {reply.status}", elapsed)

    def _record(self, results: list[tuple[Claimed, Outcome]]) -> None:
        now = utcnow()
        with session_scope(self.engine) as session:
            for claimed, outcome in results:
                message = session.get(WebhookMessage, claimed.message_id)
                if message is None:  # its endpoint was removed meanwhile
                    continue
                message.attempts += 1
                message.locked_until = None
                if outcome.ok:
                    message.status, message.delivered_at = "delivered", now
                elif message.attempts >= self.max_attempts:
                    message.status = "dead"
                else:
                    delay = backoff_seconds(message.attempts, self.retry_base_seconds)
                    message.next_attempt_at = now + timedelta(seconds=delay)
                session.add(message)
                session.add(
                    WebhookAttempt(
                        message_id=message.id,
                        endpoint_id=claimed.endpoint_id,
                        attempt=message.attempts,
                        at=now,
                        status_code=outcome.status_code,
                        error=outcome.error,
                        duration_ms=outcome.duration_ms,
                    )
                )


def _failed(message: Claimed, answer: str, error_type: str) -> None:
    """One WARNING line per failed attempt: which endpoint and message, and the receiver's
    status or "no answer"; never the URL's secrets or anything the receiver sent."""
    log.warning(
        "webhook delivery failed",
        extra={
            "event": "webhook.delivery_failed",
            "endpoint_id": message.endpoint_id,
            "message_id": message.message_id,
            "answer": answer,
            "error_type": error_type,
        },
    )
