"""The event log's public face: its head, and chain proofs anyone can recompute."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.deps import ReadSessionDep
from api.errors import NotFound, problem_responses
from api.receipts import examples, proofs
from api.receipts.schemas import ChainHead, ChainProof

router = APIRouter()


@router.get(
    "/ledger/head",
    summary="The event log's head: its last position and hash",
    description="Public. Record it now and then: a later proof must pass through this hash, "
    "so the log cannot be rewritten behind it unnoticed.",
    openapi_extra=examples.CHAIN_READ_HEAD,
)
def read_head(session: ReadSessionDep, response: Response) -> ChainHead:
    response.headers["Cache-Control"] = "no-cache"
    return proofs.chain_head(session)


@router.get(
    "/ledger/proof/{seq}",
    summary="A chain proof from one position toward the head",
    description="Public. Each event's place in the chain only: no payload, account, type or "
    "time. Recompute each `hash` by its `format`: 2, "
    '`sha256(f"{prev_hash}|{seq}|{leaf}")`; 1 (events written before salted hashes), '
    '`sha256(f"{prev_hash}|{seq}|{type}|{created_at}|{payload_hash}")`. Check each '
    "`prev_hash` is the hash before it; follow `next` until it is null.",
    responses=problem_responses(NotFound),
    openapi_extra=examples.CHAIN_READ_PROOF,
)
def read_proof(
    seq: Annotated[int, Path(ge=1, le=2**31 - 1)],
    session: ReadSessionDep,
    limit: Annotated[int, Query(ge=1, le=proofs.MAX_PAGE)] = 1000,
) -> ChainProof:
    return proofs.proof_page(session, start=seq, limit=limit)
