"""The Idempotency-Key layer (IETF httpapi draft "The Idempotency-Key HTTP Header Field").

A write under /v1 sent with `Idempotency-Key` is claimed for its caller before it runs; its write
unit is handed over uncommitted (`api.db.HANDOVER`) and committed here together with its sealed
answer, so a crash leaves both or neither. A retry with the same key and request gets the answer
again (`Idempotent-Replayed: true`), with another request 422, while the first still runs 409.
Requests without the header pass straight through.
"""

import hashlib
import json
import logging
import threading
import time
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.accounts.tokens import AccessTokens
from api.db import HANDOVER, finish_unit, session_scope
from api.errors import (
    PROBLEM_MEDIA_TYPE,
    STORAGE_RETRY_AFTER_SECONDS,
    TYPE_PREFIX,
    ProblemError,
    StorageUnavailable,
    storage_trouble,
)
from api.idempotency import service
from api.idempotency.sealing import (
    HEADER,
    Answer,
    InvalidIdempotencyKey,
    Ticket,
    fingerprint,
    parse_key,
)
from api.sqltypes import utcnow

log = logging.getLogger(__name__)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REPLAYED_HEADER = "Idempotent-Replayed"
_HEADER_NAME = HEADER.lower().encode()
# Answers a retry must not get again: the next attempt may well succeed (or 5xx: may not have run).
NOT_KEPT = frozenset({401, 403, 408, 409, 423, 425, 429})
PRUNE_EVERY_SECONDS = 60.0
# Not part of the stored answer: its length is counted again, and the rate-limit fields describe
# the moment of each answer, not the first one.
NOT_STORED_HEADERS = frozenset({b"content-length", b"ratelimit", b"ratelimit-policy"})


class KeyTakenOver(service.KeyInFlight):
    title = "This request outlived its Idempotency-Key's lease; a retry took the key over"


def _storage_problem(error: DBAPIError, retry_after: int) -> ProblemError:
    """The 503 for storage trouble (see `api.errors.storage_trouble`); anything else is a bug
    and is raised again (a 500, logged). Nothing was committed, or the retry finds the answer:
    either way the retry with the same key is safe."""
    if storage_trouble(error) is None:
        raise error
    return StorageUnavailable(
        f"The service's storage cannot take this request now. Retry it with the same {HEADER}: "
        "it is done once, or its answer given again if it was saved after all.",
        headers={"Retry-After": str(retry_after)},
    )


class _Unit:
    """The request's `api.db.Handover`: holds its last write unit, uncommitted."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: Session | None = None
        self._open = True

    def opening(self) -> None:
        with self._lock:
            held, self._held = self._held, None
        if held is not None:  # an earlier unit (e.g. a key's last-use stamp) goes first
            finish_unit(held)

    def take(self, session: Session) -> bool:
        with self._lock:
            if not self._open:
                return False
            earlier, self._held = self._held, session
        if earlier is not None:
            finish_unit(earlier)
        return True

    def close(self) -> Session | None:
        """Take no more units; the one held, if any."""
        with self._lock:
            self._open = False
            held, self._held = self._held, None
        return held


class IdempotencyMiddleware:
    """See the module's docstring. Sits inside the concurrency limit: the claim and the handed
    over unit each hold one connection, one after the other."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        engine: Engine,
        tokens: AccessTokens,
        ttl_seconds: int,
        lease_seconds: float,
        storage_retry_after: int = STORAGE_RETRY_AFTER_SECONDS,
    ) -> None:
        self.app = app
        self.storage_retry_after = storage_retry_after
        self.engine = engine
        self.tokens = tokens
        self.ttl = timedelta(seconds=ttl_seconds)
        self.lease = timedelta(seconds=lease_seconds)
        self._pruned_at = float("-inf")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in WRITE_METHODS
            or not scope["path"].startswith("/v1/")
        ):
            await self.app(scope, receive, send)
            return
        values = [value for name, value in scope["headers"] if name == _HEADER_NAME]
        if not values:
            await self.app(scope, receive, send)
            return
        try:
            if len(values) > 1:
                raise InvalidIdempotencyKey(f"Send one {HEADER} header, not {len(values)}.")
            key = parse_key(values[0].decode("latin-1"))
        except ProblemError as error:
            await _send_problem(send, error)
            return
        body = await _read_body(receive)
        if body is None:
            return  # the client left before sending its request: nothing to do, no one to answer
        request = fingerprint(scope["method"], scope["path"], scope.get("query_string", b""), body)
        ticket = Ticket.of(scope=self._caller(scope), key=key, request=request)
        now = utcnow()
        try:
            claim = await run_in_threadpool(
                service.claim, self.engine, ticket, now=now, ttl=self.ttl, lease=self.lease
            )
        except ProblemError as error:
            await _send_problem(send, error)
            return
        except DBAPIError as error:
            await _send_problem(send, _storage_problem(error, self.storage_retry_after))
            return
        await self._prune_now_and_then(now)
        if claim.outcome == "replay":
            assert claim.answer is not None
            await _send_answer(send, claim.answer, replayed=True)
            return
        await self._run(scope, _replaying(body, receive), send, ticket, claim.owner)

    async def _run(
        self, scope: Scope, receive: Receive, send: Send, ticket: Ticket, owner: str
    ) -> None:
        unit = _Unit()
        start: Message | None = None
        chunks: list[bytes] = []
        settled = False

        async def capture(message: Message) -> None:
            nonlocal start, settled
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            headers = [(bytes(name), bytes(value)) for name, value in start.get("headers", [])]
            answer = Answer(
                status=int(start["status"]),
                headers=[h for h in headers if h[0].lower() not in NOT_STORED_HEADERS],
                body=b"".join(chunks),
            )
            try:
                stored = await run_in_threadpool(self._settle, unit, ticket, owner, answer)
            except DBAPIError as error:
                problem = _storage_problem(error, self.storage_retry_after)
                log.warning("a keyed write could not be committed: storage trouble")
                settled = True
                # Let the key go unless the commit did happen (its answer is then there).
                await run_in_threadpool(self._release, ticket, owner)
                await _send_problem(send, problem)
                return
            settled = True
            if stored is answer:  # as the route made it, rate-limit fields and all
                headers = [h for h in headers if h[0].lower() != b"content-length"]
                answer = Answer(status=answer.status, headers=headers, body=answer.body)
            else:  # the key was taken over: this attempt's writes were rolled back
                answer = stored
            await _send_answer(send, answer)

        token = HANDOVER.set(unit)
        try:
            await self.app(scope, receive, capture)
        finally:
            HANDOVER.reset(token)
            held = unit.close()
            if held is not None:  # no answer came: its writes are rolled back
                await run_in_threadpool(held.close)
            if not settled:
                await run_in_threadpool(self._release, ticket, owner)

    def _settle(self, unit: _Unit, ticket: Ticket, owner: str, answer: Answer) -> Answer:
        """Commit the request's write unit with its answer (or store the answer alone when the
        request wrote nothing); the answer to send."""
        held = unit.close()
        kept = answer.status < 500 and answer.status not in NOT_KEPT
        if held is None:
            if kept:
                with session_scope(self.engine) as session:
                    service.record(session, ticket, owner=owner, answer=answer)
            else:
                service.release(self.engine, ticket, owner=owner)
            return answer
        if not kept:  # the route chose it: its writes stand, as they would without a key
            finish_unit(held)
            service.release(self.engine, ticket, owner=owner)
            return answer
        try:
            recorded = service.record(held, ticket, owner=owner, answer=answer)
        except BaseException:
            held.close()
            raise
        if not recorded:  # a retry took the key over: this attempt's writes must not stand
            held.close()
            error = KeyTakenOver(f"Retry with the same {HEADER} to get the answer.")
            return _problem_answer(error)
        finish_unit(held)
        return answer

    def _release(self, ticket: Ticket, owner: str) -> None:
        try:
            service.release(self.engine, ticket, owner=owner)
        except DBAPIError:  # its lease runs out instead
            log.warning("could not release an idempotency key", exc_info=True)

    def _caller(self, scope: Scope) -> str:
        """Whose key this is: the account of a valid access token (the token itself rotates),
        else the credential sent (an API key, the operator's token), else nobody in particular."""
        authorization = next((v for n, v in scope["headers"] if n == b"authorization"), None)
        if authorization is None:
            return "anonymous"
        kind, _, token = authorization.decode("latin-1").strip().partition(" ")
        token = token.strip()
        if kind.lower() != "bearer" or not token:
            return "credential:" + hashlib.sha256(authorization).hexdigest()
        if not token.startswith("aoo_"):  # an organisation's key is never an access token
            try:
                return "account:" + self.tokens.verify(token).account_id
            except ProblemError:
                pass
        return "credential:" + hashlib.sha256(token.encode("latin-1")).hexdigest()

    async def _prune_now_and_then(self, now: Any) -> None:
        if time.monotonic() - self._pruned_at < PRUNE_EVERY_SECONDS:
            return
        self._pruned_at = time.monotonic()
        try:
            await run_in_threadpool(service.prune, self.engine, now=now)
        except DBAPIError:
            log.warning("pruning expired idempotency keys failed", exc_info=True)


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """The body already read, then whatever comes next (a disconnect)."""
    delivered = False

    async def again() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


def _problem_answer(error: ProblemError) -> Answer:
    body = {"type": TYPE_PREFIX + error.code, "title": error.title, "status": error.status}
    if error.detail:
        body["detail"] = error.detail
    headers = [(b"content-type", PROBLEM_MEDIA_TYPE.encode())]
    headers += [(name.lower().encode(), value.encode()) for name, value in error.headers.items()]
    return Answer(status=error.status, headers=headers, body=json.dumps(body).encode())


async def _send_problem(send: Send, error: ProblemError) -> None:
    await _send_answer(send, _problem_answer(error))


async def _send_answer(send: Send, answer: Answer, *, replayed: bool = False) -> None:
    headers = [*answer.headers, (b"content-length", str(len(answer.body)).encode())]
    if replayed:
        headers.append((REPLAYED_HEADER.lower().encode(), b"true"))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


def document_idempotency(app: FastAPI) -> None:
    """Name the header, and the answers it brings, on every write in the OpenAPI document."""
    build = app.openapi
    parameter = {
        "name": HEADER,
        "in": "header",
        "required": False,
        "description": "Optional. A unique key per write (e.g. a UUID, 16 to 255 characters): "
        "a retry with the same key and request gets the first answer again (marked "
        f"`{REPLAYED_HEADER}: true`) instead of doing the write twice; the same key with "
        "another request gets 422, and while the first is still running 409. Keys are "
        "scoped to the caller and kept 24 hours. See docs/idempotency.md.",
        "schema": {
            "type": "string",
            "minLength": 16,
            "maxLength": 255,
            "pattern": r'^"?[\x21\x23-\x5b\x5d-\x7e]{16,255}"?$',
        },
    }
    problem = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    extra = {
        "409": {
            "description": "A request with this Idempotency-Key is in flight",
            "content": problem,
        },
        "422": {
            "description": "Invalid request, or an Idempotency-Key reused for another",
            "content": problem,
        },
    }

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        for path, operations in document.get("paths", {}).items():
            if not path.startswith("/v1/"):
                continue
            for method, operation in operations.items():
                if method.upper() not in WRITE_METHODS:
                    continue
                operation.setdefault("parameters", []).append(dict(parameter))
                responses = operation.setdefault("responses", {})
                for status, response in extra.items():
                    responses.setdefault(status, response)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
