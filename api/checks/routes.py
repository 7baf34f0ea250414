"""`POST /v1/checks`: the bulk check, on the lean path (raw body, orjson out).

FastAPI's own body handling costs more than the lookup itself, so the body is read raw and
validated with `model_validate_json`; the answer goes out as orjson bytes. The documented
request and response schemas are the same models (`api.openapi`).
"""

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from api.checks import examples, service
from api.checks.index import CheckIndex
from api.checks.schemas import MAX_IDS, CheckRequest, CheckResult
from api.deps import ReadSessionDep, SettingsDep
from api.errors import PayloadTooLarge, RateLimited, Unauthorized, problem_responses
from api.openapi import json_body
from api.organisations.auth import ChecksReader, MissingScope

router = APIRouter()


async def check_index(request: Request) -> CheckIndex:
    index: CheckIndex = request.app.state.check_index
    return index


@router.post(
    "/checks",
    summary="Which of these profiles opted out and chose to be listed? (checks:read)",
    description=f"Up to {MAX_IDS:,} Facebook or Instagram profiles (handles, numeric ids or "
    "profile URLs). Only profiles whose owners opted out, chose to be listed **and** proved the "
    "profile theirs (a one-time code on its public page) are named, each with their choice in "
    "the IETF AI Preferences vocabulary (`train-ai=n`). Unlisted, unproved and unknown profiles "
    "are indistinguishable; `invalid` gives the positions of ids that are not "
    "profiles at all. More than 10,000 ids: 422 naming `ids`.",
    response_model=CheckResult,
    responses=problem_responses(Unauthorized, MissingScope, RateLimited, PayloadTooLarge),
    openapi_extra={**json_body(CheckRequest), **examples.BULK_CHECK},
)
async def bulk_check(
    request: Request,
    _key: ChecksReader,
    settings: SettingsDep,
    session: ReadSessionDep,
    index: Annotated[CheckIndex, Depends(check_index)],
    response: Response,
) -> Response:
    try:
        body = CheckRequest.model_validate_json(await request.body())
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from None
    if settings.checks_use_index:
        if not index.loaded:  # only before the lifespan has loaded it (e.g. in tests)
            await run_in_threadpool(index.ensure_loaded)
        answer = service.check(body, service.from_index(index))
    else:
        answer = await run_in_threadpool(service.check, body, service.from_database(session))
    # The key's rate-limit fields, set by its dependency on the shared `response`.
    return Response(orjson.dumps(answer), media_type="application/json", headers=response.headers)
