"""Signing statements as compact JWS with the service's current key (Ed25519)."""

from typing import Any

from joserfc import jws
from joserfc.jwk import OKPKey

from api.ledger.chain import canonical_json
from api.signing.keyring import ALGORITHM


def sign(key: OKPKey, *, typ: str, claims: dict[str, Any]) -> str:
    """A compact JWS over the canonical JSON of `claims`, naming the key and the statement type."""
    header = {"alg": ALGORITHM, "kid": key.kid, "typ": typ}
    return jws.serialize_compact(
        header, canonical_json(claims).encode(), key, algorithms=[ALGORITHM]
    )
