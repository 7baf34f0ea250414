"""What `ai-optout verify` and `ai-optout audit` do; api/cli.py only declares them."""

import json
import sys
import time
from pathlib import Path

from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy.exc import SQLAlchemyError

from api.config import get_settings
from api.db import make_engine, session_scope
from api.ledger import service as ledger
from api.receipts import service
from api.receipts.verification import MAX_RECEIPT_CHARS, key_finder, verify_receipt
from api.signing.keyring import KeyRing

VALID, INVALID, USAGE = 0, 1, 2


def read_receipt(argument: str) -> str:
    """The receipt itself, a file holding it, or `-` for standard input."""
    if argument == "-":
        return sys.stdin.read(MAX_RECEIPT_CHARS + 1)
    try:
        path = Path(argument)
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")[: MAX_RECEIPT_CHARS + 1]
    except (OSError, ValueError):  # not a usable path (too long, NUL byte): a receipt then
        pass
    return argument


def verify(argument: str, jwks: Path | None) -> tuple[int, str]:
    """Exit code and JSON report. With a key set file: offline, no database, no log check."""
    token = read_receipt(argument)
    if jwks is None:
        engine = make_engine(get_settings().effective_database_url)
        try:
            with session_scope(engine, write=False) as session:
                verdict, log = service.verify(session, token=token, keyring=KeyRing(engine))
        except (SQLAlchemyError, RuntimeError) as error:
            return USAGE, f"cannot read the service's keys and log (try --jwks): {error}"
        finally:
            engine.dispose()
    else:
        try:
            keys = KeySet.import_key_set(json.loads(jwks.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError, JoseError) as error:
            return USAGE, f"cannot read the key set {jwks}: {error}"
        verdict, log = verify_receipt(token, key_finder(keys), now=int(time.time())), "not_checked"
    report = {
        "valid": verdict.valid,
        "reason": verdict.reason,
        "kid": verdict.kid,
        "log": log,
        "claims": verdict.claims,
    }
    return (VALID if verdict.valid else INVALID), json.dumps(report, indent=2, ensure_ascii=False)


def audit() -> tuple[int, str]:
    """Walk the whole chain; exit 1 listing every fault, 0 when it is intact."""
    engine = make_engine(get_settings().effective_database_url)
    try:
        with session_scope(engine, write=False) as session:
            faults = ledger.audit(session)
            head = ledger.head(session)
    finally:
        engine.dispose()
    if faults:
        lines = [f"event {fault.seq}: {fault.problem}" for fault in faults]
        return INVALID, f"{len(faults)} fault(s) in the event log:\n" + "\n".join(lines)
    return VALID, f"event log intact: {head.seq} events, head {head.hash}"
