"""Receipts: the person's own, and a public check that anyone can run on any receipt."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.accounts.deps import CurrentCaller
from api.deps import KeyRingDep, ReadSessionDep
from api.errors import NotFound, Unauthorized, problem_responses
from api.receipts import examples, service
from api.receipts.deps import OwnReceipt
from api.receipts.schemas import ReceiptList, ReceiptOut, VerifyRequest, VerifyResult

router = APIRouter()


@router.get(
    "/me/receipts",
    summary="Your receipts, newest first",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.LIST_RECEIPTS,
    description="Your signed receipts, newest first; page with `before`.",
)
def list_receipts(
    caller: CurrentCaller,
    session: ReadSessionDep,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    before: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> ReceiptList:
    rows = service.receipts_of(session, account_id=caller.account_id, limit=limit, before=before)
    response.headers["Cache-Control"] = "private, no-store"
    return ReceiptList(
        receipts=[service.receipt_view(receipt, event) for receipt, event in rows],
        next_before=rows[-1][0].event_seq if len(rows) == limit else None,
    )


@router.get(
    "/me/receipts/{receipt_id}",
    summary="One of your receipts",
    responses=problem_responses(Unauthorized, NotFound),
    openapi_extra=examples.READ_RECEIPT,
    description=(
        "One receipt: the signed JWS and what it records. Verify it with `POST "
        "/v1/receipts/verify` or the published key set."
    ),
)
def read_receipt(receipt: OwnReceipt, response: Response) -> ReceiptOut:
    response.headers["Cache-Control"] = "private, no-store"
    return service.receipt_view(*receipt)


@router.post(
    "/receipts/verify",
    summary="Check any receipt",
    description="Public. Checks the signature against the published keys (rotated-out keys "
    "included) and the event it names against the log. A forged, altered, expired or damaged "
    'receipt gets `valid: false` and a `reason`; only a body that is not `{"receipt": string}` '
    "gets 422.",
    openapi_extra=examples.VERIFY_RECEIPT,
)
def verify_receipt(
    body: VerifyRequest, session: ReadSessionDep, keyring: KeyRingDep
) -> VerifyResult:
    verdict, log = service.verify(session, token=body.receipt, keyring=keyring)
    return VerifyResult(
        valid=verdict.valid,
        reason=verdict.reason,
        claims=verdict.claims,
        kid=verdict.kid,
        log=log,
    )
