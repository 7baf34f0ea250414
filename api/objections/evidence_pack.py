"""The evidence pack: one ZIP with everything a person needs to prove their opt-out offline."""

import io
import json
import zipfile
from datetime import date
from typing import Any

from sqlmodel import Session

from api.languages import DEFAULT_LANGUAGE, Language
from api.ledger import service as ledger
from api.ledger.models import LedgerEvent
from api.ledger.schemas import own_proof
from api.objections.pack_readme import VERIFY_SCRIPT, readme
from api.objections.timeline import objection_timeline
from api.receipts import proofs
from api.receipts import service as receipts
from api.receipts.claims import HEAD_TYPE, subject_of
from api.receipts.signing import sign
from api.sqltypes import utcnow

_ALL = 1_000_000_000


def build_pack(
    session: Session,
    *,
    account_id: str,
    issuer: receipts.Issuer,
    today: date,
    lang: Language = DEFAULT_LANGUAGE,
) -> bytes:
    """The ZIP's bytes, the README and the timeline's sentences in `lang`. The head is read
    first and bounds everything else, so the pack is consistent even while others append to
    the log."""
    head = proofs.chain_head(session)
    events = [e for e in ledger.events_of(session, account_id, limit=_ALL) if e.seq <= head.seq]
    events.reverse()
    held = receipts.receipts_of(session, account_id=account_id, limit=_ALL)
    made_at = utcnow()
    timeline = objection_timeline(session, account_id=account_id, today=today, lang=lang)
    head_claims = {"iss": issuer.name, "iat": int(made_at.timestamp()), "head": head.model_dump()}
    files: dict[str, str] = {
        "README.txt": readme(
            made_at=made_at.isoformat(), subject=subject_of(account_id), lang=lang
        ),
        "verify.py": VERIFY_SCRIPT,
        "jwks.json": _json(issuer.keyring.jwks()),
        "head.jws": sign(issuer.keyring.signing_key(), typ=HEAD_TYPE, claims=head_claims) + "\n",
        "events.json": _json([_event(event) for event in events]),
        "timeline.json": _json(timeline.model_dump(mode="json")),
    }
    start = events[0].seq if events else head.seq
    links = [link.model_dump() for link in proofs.full_proof(session, start=start, head=head)]
    files["chain-proof.json"] = _json({"start": start, "head": head.model_dump(), "events": links})
    for receipt, _event_hash in held:
        if receipt.event_seq <= head.seq:
            files[f"receipts/{receipt.event_seq:08d}-{receipt.id}.jws"] = receipt.jws + "\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"evidence/{name}", content)
    return buffer.getvalue()


def _event(event: LedgerEvent) -> dict[str, Any]:
    # Complete, salt included: the person's own events, which the public proof shows as leaves.
    return own_proof(event).model_dump()


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"
