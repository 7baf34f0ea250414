"""A person's opt-out preferences, with optimistic concurrency (ETag / If-Match)."""

from typing import Annotated

from fastapi import APIRouter, Header, Response

from api.deps import CurrentCaller, ReadSessionDep, SessionDep
from api.errors import (
    Conflict,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    problem_responses,
)
from api.preferences import service
from api.preferences.schemas import PreferencesIn, PreferencesOut

router = APIRouter()


def etag(version: int) -> str:
    return f'"v{version}"'


def parse_if_match(value: str | None) -> int:
    if value is None:
        raise PreconditionRequired("Send `If-Match` with the ETag from your last read.")
    tag = value.strip().removeprefix("W/").strip('"')
    if not tag.startswith("v") or not tag[1:].isdigit() or len(tag) > 20:
        raise PreconditionFailed("`If-Match` does not hold an ETag this service issued.")
    return int(tag[1:])


@router.get(
    "/me/preferences",
    summary="Read your opt-out preferences",
    description="The `ETag` header identifies this version; send it back as `If-Match` to change.",
    responses=problem_responses(Unauthorized, NotFound),
)
def read_preferences(
    caller: CurrentCaller, session: ReadSessionDep, response: Response
) -> PreferencesOut:
    preferences = service.get_preferences(session, account_id=caller.account_id)
    response.headers["ETag"] = etag(preferences.version)
    response.headers["Cache-Control"] = "private, no-cache"
    return preferences


@router.put(
    "/me/preferences",
    summary="Replace your opt-out preferences",
    description="Needs `If-Match`. A stale ETag gets 412 and changes nothing: read again, "
    "merge, and retry. An objection step that does not follow from the last one gets 409.",
    responses=problem_responses(
        Unauthorized, NotFound, Conflict, PreconditionFailed, PreconditionRequired
    ),
)
def replace_preferences(
    body: PreferencesIn,
    caller: CurrentCaller,
    session: SessionDep,
    response: Response,
    if_match: Annotated[str | None, Header(max_length=100)] = None,
) -> PreferencesOut:
    change = service.update_preferences(
        session,
        account_id=caller.account_id,
        expected_version=parse_if_match(if_match),
        data=body,
    )
    response.headers["ETag"] = etag(change.preferences.version)
    return change.preferences
