"""Chain proofs: the public fields of consecutive events, from one event up to the head, so anyone
can recompute every link and see that the event is still part of the chain.

A format-2 event shows only its position, its predecessor, its leaf and its hash: nothing of its
type, time or account. Format-1 events (before salted hashes) must show what their hash was made
of; docs/evidence.md says what that still reveals."""

from collections.abc import Iterator

from sqlmodel import Session, col, select

from api.errors import NotFound
from api.ledger import service as ledger
from api.ledger.chain import PLAIN, leaf_digest
from api.ledger.models import LedgerEvent
from api.receipts.schemas import ChainHead, ChainLink, ChainProof, PlainLink, SaltedLink

MAX_PAGE = 10_000


def chain_head(session: Session) -> ChainHead:
    head = ledger.head(session)
    return ChainHead(seq=head.seq, hash=head.hash)


def link_of(event: LedgerEvent) -> ChainLink:
    if event.hash_format == PLAIN:
        return PlainLink(
            seq=event.seq,
            type=event.type,
            created_at=event.created_at.isoformat(),
            payload_hash=event.payload_hash,
            prev_hash=event.prev_hash,
            hash=event.hash,
        )
    leaf = leaf_digest(
        type=event.type, created_at=event.created_at, payload_hash=event.payload_hash
    )
    return SaltedLink(seq=event.seq, prev_hash=event.prev_hash, leaf=leaf, hash=event.hash)


def links(session: Session, *, start: int, until: int, limit: int) -> list[ChainLink]:
    """Events start..until (inclusive), at most `limit` of them, in chain order."""
    rows = session.exec(
        select(LedgerEvent)
        .where(col(LedgerEvent.seq) >= start, col(LedgerEvent.seq) <= until)
        .order_by(col(LedgerEvent.seq))
        .limit(limit)
    )
    return [link_of(event) for event in rows]


def proof_page(session: Session, *, start: int, limit: int = 1000) -> ChainProof:
    # The head first: events up to it are committed with it, so the page is consistent.
    head = chain_head(session)
    if not 1 <= start <= head.seq:
        raise NotFound(f"The log has positions 1 to {head.seq}.")
    page = links(session, start=start, until=head.seq, limit=min(limit, MAX_PAGE))
    last = page[-1].seq if page else start - 1
    return ChainProof(
        start=start, head=head, events=page, next=last + 1 if last < head.seq else None
    )


def full_proof(session: Session, *, start: int, head: ChainHead) -> Iterator[ChainLink]:
    """Every link from `start` to `head`, read page by page."""
    position = start
    while position <= head.seq:
        page = links(session, start=position, until=head.seq, limit=MAX_PAGE)
        if not page:
            return
        yield from page
        position = page[-1].seq + 1
