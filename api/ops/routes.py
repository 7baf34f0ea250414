"""Operator endpoints: liveness, readiness, metrics, and the published key set."""

from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from api.deps import KeyRingDep
from api.errors import problem_response
from api.ops.migrations import current_revision, head_revision

router = APIRouter()


@router.get("/healthz", summary="Is the process up?")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Can the service answer: database reachable and migrated?",
    responses={503: {"description": "Not ready; `detail` says why"}},
)
def readyz(request: Request) -> Any:
    engine = request.app.state.engine
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current, head = current_revision(engine), head_revision()
    except Exception:  # any database failure means "not ready", never a 500
        return problem_response(503, "not-ready", "Not ready", "The database is unreachable.")
    if current != head:
        return problem_response(
            503, "not-ready", "Not ready", f"Database at {current}, migrations at {head}."
        )
    return {"status": "ready", "database": engine.dialect.name, "revision": current}


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def metrics(request: Request) -> Response:
    body = generate_latest(request.app.state.metrics.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


@router.get(
    "/.well-known/jwks.json",
    summary="The public keys that verify the service's tokens and receipts",
)
def jwks(keyring: KeyRingDep, response: Response) -> dict[str, Any]:
    response.headers["Cache-Control"] = "public, max-age=300"
    return keyring.jwks()
