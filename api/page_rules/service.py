"""Publishing page rules and reading the one in force. Each version is signed once, when it is
published, so every replica serves the same bytes (and the same ETag) until the next."""

import json

from joserfc import jws
from joserfc.jwk import OKPKey
from sqlmodel import Session, col, select

from api.errors import Conflict, NotFound
from api.ledger.chain import canonical_json
from api.page_rules.models import PageRules
from api.page_rules.schema import MAX_DOCUMENT_BYTES, PageRulesDocument
from api.signing.keyring import ALGORITHM

# The JWS `typ`: what the extension checks before it trusts the payload as page rules.
PAGE_RULES_TYPE = "page-rules+json"
MEDIA_TYPE = "application/jose"


class NoPageRules(NotFound):
    code, title = "no-page-rules", "No page rules have been published"


class StaleVersion(Conflict):
    code, title = "stale-page-rules", "A page-rules version must be higher than the last"


class TooLarge(Conflict):
    code, title = "page-rules-too-large", "The page-rules document is too large"


def sign(document: PageRulesDocument, key: OKPKey) -> tuple[str, str]:
    """The document's canonical JSON and its compact JWS (Ed25519, naming the key)."""
    text = canonical_json(document.model_dump(mode="json"))
    if len(text.encode()) > MAX_DOCUMENT_BYTES:
        raise TooLarge(f"The document is over {MAX_DOCUMENT_BYTES // 1024} KiB.")
    header = {"alg": ALGORITHM, "kid": key.kid, "typ": PAGE_RULES_TYPE}
    return text, jws.serialize_compact(header, text.encode(), key, algorithms=[ALGORITHM])


def latest(session: Session) -> PageRules | None:
    query = select(PageRules).order_by(col(PageRules.version).desc()).limit(1)
    return session.exec(query).first()


def current(session: Session) -> PageRules:
    row = latest(session)
    if row is None:
        raise NoPageRules("Nothing is published yet: the extension reads with its bundled rules.")
    return row


def publish(session: Session, *, document: PageRulesDocument, key: OKPKey) -> PageRules:
    """Sign and store a new version; refused unless it is higher than every one before."""
    before = latest(session)
    if before is not None and document.version <= before.version:
        raise StaleVersion(
            f"Version {document.version} is not higher than the published {before.version}."
        )
    text, signed = sign(document, key)
    row = PageRules(version=document.version, document=text, signed=signed, kid=str(key.kid))
    session.add(row)
    session.flush()
    return row


def parse(text: str) -> PageRulesDocument:
    """A document from JSON text (the CLI's file), validated against the schema."""
    return PageRulesDocument.model_validate(json.loads(text))
