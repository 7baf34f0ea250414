"""The bare FastAPI endpoints every benchmark is measured against, in the same run."""

from typing import Any

from fastapi import FastAPI, Request, Response
from pydantic import BaseModel

app = FastAPI()

_FIXED_PREFERENCES: dict[str, Any] = {
    "region": "DE",
    "accounts": [],
    "scope": "all",
    "listed": False,
    "version": 1,
    "updated_at": "2026-01-01T00:00:00Z",
}


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/bare")
async def bare_get() -> dict[str, Any]:
    """A bare GET with a preference-sized answer and no work behind it."""
    return _FIXED_PREFERENCES


@app.get("/bare-sync")
def bare_get_sync() -> dict[str, Any]:
    """The same, run in the thread pool as the service's database-backed routes are."""
    return _FIXED_PREFERENCES


class BareItem(BaseModel):
    id: str
    platform: str
    kind: str
    audience: str
    created_at: str | None = None
    author: str
    author_age: str


class BareExplainBody(BaseModel):
    region: str | None = None
    as_of: str | None = None
    items: list[BareItem]


@app.post("/bare-explain")
def bare_explain(body: BareExplainBody) -> dict[str, Any]:
    """Accepts the same 50-item body as /v1/explain and answers a fixed small document."""
    return {"policy": {"id": "fixed"}, "results": len(body.items)}


SIZED_ANSWER = b"{}"


@app.post("/bare-explain-sized")
def bare_explain_sized(body: BareExplainBody) -> Response:
    """The same, answering a fixed document as large as the real answer (set by the bench), to
    tell the cost of sending the answer from the cost of computing it."""
    return Response(SIZED_ANSWER, media_type="application/json")


@app.post("/set-sized-answer")
async def set_sized_answer(request: Request) -> dict[str, int]:
    global SIZED_ANSWER
    SIZED_ANSWER = await request.body()
    return {"bytes": len(SIZED_ANSWER)}


@app.put("/bare-put")
async def bare_put(request: Request) -> dict[str, Any]:
    await request.body()
    return _FIXED_PREFERENCES
