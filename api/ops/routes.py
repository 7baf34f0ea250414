"""Operator endpoints: liveness, readiness, metrics, and the published key set."""

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.db import RequestSlots
from api.deps import KeyRingDep
from api.errors import PROBLEM_MEDIA_TYPE, TYPE_PREFIX, Problem
from api.ops import examples
from api.ops.logging import note_problem
from api.ops.readiness import OK, Readiness, Report, slots_check

router = APIRouter()


@router.get(
    "/healthz",
    summary="Is the process up?",
    openapi_extra=examples.HEALTHZ,
    description=(
        "Answers 200 while the process runs; for a liveness probe. Says nothing about the "
        "database (see `/readyz`)."
    ),
)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Can the service answer: request slots moving, database reachable, migrated, "
    "and its storage writable?",
    responses={503: {"description": "Not ready; `checks` says which check fails and why"}},
    openapi_extra=examples.READYZ,
    description=(
        "200 when the service can answer requests; 503 with the failing check, its reason and the"
        " command that fixes it (e.g. `ai-optout migrate`). For a readiness probe."
    ),
)
async def readyz(request: Request) -> Any:
    state, settings = request.app.state, request.app.state.settings
    report = Report()
    slots: RequestSlots | None = getattr(state, "request_slots", None)
    if slots is not None:
        report.checks["slots"] = slots_check(slots, settings.slots_starved_seconds)
    if report.ready:  # starved: no database check, which would only add to the queue
        readiness: Readiness | None = getattr(state, "readiness", None)
        if readiness is None:
            readiness = state.readiness = Readiness(state.engine, settings.storage_min_free_bytes)
        database = await readiness.database()
        report.checks.update(database.checks)
        report.revision = database.revision
    if not report.ready:
        note_problem(request.scope, "NotReady", "not-ready")
        failing = {name: said for name, said in report.checks.items() if said != OK}
        body = Problem(
            type=TYPE_PREFIX + "not-ready",
            title="Not ready",
            status=503,
            detail="; ".join(f"{name}: {said}" for name, said in failing.items()),
        ).model_dump(exclude_none=True)
        return JSONResponse(
            {**body, "checks": report.checks},  # an extension member (RFC 9457)
            status_code=503,
            media_type=PROBLEM_MEDIA_TYPE,
            headers={"Retry-After": str(settings.storage_retry_after_seconds)},
        )
    return {
        "status": "ready",
        "database": state.engine.dialect.name,
        "revision": report.revision,
        "checks": report.checks,
    }


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    openapi_extra=examples.METRICS,
    description=(
        "Request counts and durations by route template, explained items by verdict, and more, in"
        " the Prometheus text format."
    ),
)
def metrics(request: Request) -> Response:
    body = generate_latest(request.app.state.metrics.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


@router.get(
    "/.well-known/jwks.json",
    summary="The public keys that verify the service's tokens and receipts",
    openapi_extra=examples.JWKS,
    description=(
        "The public keys that verify the service's receipts and signed data (JWK Set, Ed25519)."
    ),
)
def jwks(keyring: KeyRingDep, response: Response) -> dict[str, Any]:
    response.headers["Cache-Control"] = "public, max-age=300"
    return keyring.jwks()
