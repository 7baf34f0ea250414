"""A person's own history of changes."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.accounts.deps import CurrentCaller
from api.deps import ReadSessionDep
from api.errors import Unauthorized, problem_responses
from api.ledger import examples, service
from api.ledger.schemas import History, history_entry

router = APIRouter()


@router.get(
    "/me/history",
    summary="Your history: every accepted change, newest first",
    description="Each entry's `proof` holds the event complete, its private salt included, so "
    "you can recompute the leaf and hash the public chain proof shows (docs/evidence.md). "
    "Keep it to yourself: with the salt, a guessed payload can be matched to the event.",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.READ_HISTORY,
)
def read_history(
    caller: CurrentCaller,
    session: ReadSessionDep,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    before: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,  # `seq` is an INTEGER
) -> History:
    events = service.events_of(session, caller.account_id, limit=limit, before=before)
    response.headers["Cache-Control"] = "private, no-store"  # the salts are in it
    return History(
        entries=[history_entry(event) for event in events],
        next_before=events[-1].seq if len(events) == limit else None,
    )
