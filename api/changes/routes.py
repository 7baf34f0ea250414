"""The routes that change a person's record: create the account, replace the preferences,
delete the account. Each calls one function of the write path (service.py)."""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from api.accounts.answers import signed_in
from api.accounts.deps import AccessTokensDep, CurrentCaller, DeviceLabel
from api.accounts.schemas import TokenPair
from api.changes import examples, service
from api.changes.schemas import PreferencesWritten
from api.deps import NudgesDep, SettingsDep, WriteUnitDep
from api.errors import (
    Conflict,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    RateLimited,
    Unauthorized,
    problem_responses,
)
from api.preferences.etags import etag, parse_if_match
from api.preferences.merge_patch import MEDIA_TYPE
from api.preferences.schemas import PreferencesIn
from api.ratelimits.deps import AccountCreationLimit
from api.receipts.deps import ReceiptIssuerDep

router = APIRouter()  # the preferences
account_router = APIRouter()  # the account's two ends


@account_router.post(
    "/accounts",
    status_code=status.HTTP_201_CREATED,
    summary="Create an anonymous account",
    description="No e-mail, no name. Answers with an access token and a refresh token; keep the "
    "refresh token safe, it is shown only once. Accounts are limited per client address "
    "(`AI_OPTOUT_ACCOUNTS_PER_ADDRESS_PER_HOUR`; 429 with `Retry-After`).",
    responses=problem_responses(RateLimited),
    openapi_extra=examples.CREATE_ACCOUNT,
)
async def create_account(
    _limit: AccountCreationLimit,
    unit: WriteUnitDep,
    tokens: AccessTokensDep,
    settings: SettingsDep,
    response: Response,
    label: DeviceLabel,
) -> TokenPair:
    issued = await unit.run(
        lambda session: service.create_account(
            session,
            tokens=tokens,
            refresh_ttl_seconds=settings.refresh_token_ttl_seconds,
            device_label=label,
        )
    )
    response.headers["Location"] = "/v1/me"
    return signed_in(issued, response, TokenPair)


@router.put(
    "/me/preferences",
    summary="Replace your opt-out preferences",
    description="Needs `If-Match`. A stale ETag gets 412 and changes nothing: read again, "
    "merge, and retry. An objection step that does not follow from the last one gets 409. "
    "When the opt-out itself changes (accounts, scope, an objection), `receipt` holds a signed "
    "receipt for it; otherwise it is null.",
    response_model=PreferencesWritten,
    responses=problem_responses(
        Unauthorized, NotFound, Conflict, PreconditionFailed, PreconditionRequired
    ),
    openapi_extra=examples.REPLACE_PREFERENCES,
)
async def replace_preferences(
    body: PreferencesIn,
    caller: CurrentCaller,
    unit: WriteUnitDep,
    issuer: ReceiptIssuerDep,
    nudges: NudgesDep,
    if_match: Annotated[str | None, Header(max_length=100)] = None,
) -> Response:
    expected_version = parse_if_match(if_match)
    written = await unit.run(
        lambda session: service.record_change(
            session,
            account_id=caller.account_id,
            expected_version=expected_version,
            data=body,
            issuer=issuer,
            nudges=nudges,
        )
    )
    return _written(written)


async def merge_patch_body(request: Request) -> dict[str, Any]:
    """The body of a PATCH: a JSON object. Its media type (`application/merge-patch+json`) is
    checked before the request gets here, as for every route (api/http_conventions.py)."""
    try:
        patch = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise RequestValidationError(
            [{"loc": ("body",), "msg": "The body is not JSON.", "type": "json_invalid"}]
        ) from None
    if not isinstance(patch, dict):
        raise RequestValidationError(
            [{"loc": ("body",), "msg": "A merge patch is a JSON object.", "type": "dict_type"}]
        )
    return patch


@router.patch(
    "/me/preferences",
    summary="Change part of your opt-out preferences",
    description="A JSON Merge Patch (RFC 7396, `application/merge-patch+json`) naming only "
    'what changes: `{"listed": true}` leaves everything else as it is, `null` clears a '
    "field (`region`), and `accounts` is replaced whole when given (RFC 7396 replaces arrays). "
    "Needs `If-Match`, as PUT does. The patched document must be valid as a whole: 422 names "
    "each field that is not.",
    response_model=PreferencesWritten,
    responses=problem_responses(
        Unauthorized,
        NotFound,
        Conflict,
        PreconditionFailed,
        PreconditionRequired,
    ),
    openapi_extra={
        **examples.PATCH_PREFERENCES,
        "requestBody": {
            "required": True,
            "content": {
                MEDIA_TYPE: {
                    "schema": {"type": "object"},
                    "examples": {
                        "list": {
                            "summary": "Be listed for dataset builders",
                            "value": {"listed": True},
                        },
                        "region": {"summary": "Say where you live", "value": {"region": "FR"}},
                    },
                }
            },
        },
    },
)
async def patch_preferences(
    patch: Annotated[dict[str, Any], Depends(merge_patch_body)],
    caller: CurrentCaller,
    unit: WriteUnitDep,
    issuer: ReceiptIssuerDep,
    nudges: NudgesDep,
    if_match: Annotated[str | None, Header(max_length=100)] = None,
) -> Response:
    expected_version = parse_if_match(if_match)
    try:
        written = await unit.run(
            lambda session: service.patch_preferences(
                session,
                account_id=caller.account_id,
                expected_version=expected_version,
                patch=patch,
                issuer=issuer,
                nudges=nudges,
            )
        )
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from None
    return _written(written)


def _written(written: PreferencesWritten) -> Response:
    # Built by the write path from validated values: serialised once, not validated again.
    return Response(
        written.model_dump_json(),
        media_type="application/json",
        headers={"ETag": etag(written.version)},
    )


@account_router.delete(
    "/me",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete your account and everything of yours",
    description="Afterwards none of your data is readable and every token of yours stops "
    "working. The event log keeps only hashes, so its chain still verifies.",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.DELETE_ME,
)
async def delete_me(caller: CurrentCaller, unit: WriteUnitDep, nudges: NudgesDep) -> None:
    await unit.run(
        lambda session: service.delete_account(session, account_id=caller.account_id, nudges=nudges)
    )
