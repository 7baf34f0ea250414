"""Receipt dependencies a route states in its signature: who signs, and "this receipt is yours"."""

from typing import Annotated

from fastapi import Depends, Path, Request

from api.accounts.deps import CurrentCaller
from api.deps import ReadSessionDep
from api.ledger.models import LedgerEvent
from api.receipts import service
from api.receipts.models import Receipt


async def receipt_issuer(request: Request) -> service.Issuer:
    # The app's one issuer (made with its key ring, api/main.py). Async and without
    # sub-dependencies: it is on every write, where each resolved dependency costs.
    issuer: service.Issuer = request.app.state.receipt_issuer
    return issuer


def own_receipt(
    receipt_id: Annotated[str, Path(max_length=32, pattern=r"^[0-9a-f]+$")],
    caller: CurrentCaller,
    session: ReadSessionDep,
) -> tuple[Receipt, LedgerEvent]:
    return service.receipt_of(session, account_id=caller.account_id, receipt_id=receipt_id)


ReceiptIssuerDep = Annotated[service.Issuer, Depends(receipt_issuer)]
OwnReceipt = Annotated[tuple[Receipt, LedgerEvent], Depends(own_receipt)]
