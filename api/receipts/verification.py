"""Checking a receipt with nothing but public keys: the same code serves the API and the offline
`ai-optout verify --jwks`. Every defect gets a verdict with a reason; nothing here raises."""

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from joserfc import jws
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jwk import KeySet, OKPKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from api.receipts.claims import RECEIPT_TYPE
from api.signing.keyring import ALGORITHM

# A receipt for ten accounts is about 2 KB; anything this long is not one of ours.
MAX_RECEIPT_CHARS = 16_384
# Clocks differ: a receipt may look issued this much in the future.
CLOCK_SKEW_SECONDS = 300
_B64URL = re.compile(r"^[A-Za-z0-9_-]+$")

KeyFinder = Callable[[str], OKPKey | None]


class _Account(BaseModel):
    platform: str
    profile: str | None
    objection: str
    submitted_on: date | None
    confirmed_on: date | None


class _Event(BaseModel):
    seq: int = Field(ge=1)
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class ReceiptClaims(BaseModel):
    """The claims every receipt carries (docs/evidence.md); later versions may add more."""

    model_config = ConfigDict(extra="allow")

    iss: str
    jti: str
    sub: str
    iat: int
    exp: int | None = None
    action: Literal["recorded", "withdrawn", "changed"]
    accounts: list[_Account]
    scope: str | list[str]
    region: str | None
    policy_version: str | None
    event: _Event


@dataclass(frozen=True, slots=True)
class Verdict:
    valid: bool
    reason: str | None = None
    claims: dict[str, Any] | None = None
    kid: str | None = None


def key_finder(keys: KeySet) -> KeyFinder:
    by_kid = {key.kid: key for key in keys.keys if isinstance(key, OKPKey)}
    return by_kid.get


def verify_receipt(token: str, find_key: KeyFinder, *, now: int) -> Verdict:
    """Is `token` a receipt this service signed, unaltered and in force at `now` (Unix time)?"""
    token = token.strip()
    if not token:
        return Verdict(False, "The receipt is empty.")
    if len(token) > MAX_RECEIPT_CHARS:
        return Verdict(False, f"Too long to be a receipt (over {MAX_RECEIPT_CHARS} characters).")
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        return Verdict(False, "Not a compact JWS: expected three non-empty parts joined by dots.")
    for name, part in zip(("header", "payload", "signature"), parts, strict=True):
        if b64url_decode(part) is None:
            return Verdict(False, f"The {name} is not canonical base64url: altered or damaged.")
    header = _json_object(b64url_decode(parts[0]))
    if header is None:
        return Verdict(False, "The header is not a JSON object: altered or damaged.")
    kid = header.get("kid") if isinstance(header.get("kid"), str) else None
    problem = _header_problem(header)
    if problem is not None or kid is None:
        return Verdict(False, problem or "The header names no signing key (kid).", kid=kid)
    key = find_key(kid)
    if key is None:
        return Verdict(
            False, f"Signed with key {kid!r}, which this service never published.", kid=kid
        )
    try:
        payload = jws.deserialize_compact(token, key, algorithms=[ALGORITHM]).payload
    except BadSignatureError:
        return Verdict(False, "The signature does not match: altered or forged.", kid=kid)
    except (JoseError, ValueError, TypeError):
        return Verdict(False, "The signature could not be checked: damaged.", kid=kid)
    return _check_claims(_json_object(payload), kid=kid, now=now)


def _check_claims(claims: dict[str, Any] | None, *, kid: str, now: int) -> Verdict:
    if claims is None:
        return Verdict(False, "The signed payload is not a JSON object.", kid=kid)
    try:
        parsed = ReceiptClaims.model_validate(claims)
    except ValidationError:
        return Verdict(False, "Signed, but the claims are not in the receipt format.", None, kid)
    if parsed.iat > now + CLOCK_SKEW_SECONDS:
        return Verdict(False, "The receipt claims to be issued in the future.", claims, kid)
    if parsed.exp is not None and parsed.exp <= now:
        return Verdict(False, "The receipt has expired.", claims, kid)
    return Verdict(True, None, claims, kid)


def _header_problem(header: dict[str, Any]) -> str | None:
    if header.get("typ") != RECEIPT_TYPE:
        return f"Not a receipt: its type is {header.get('typ')!r}, not {RECEIPT_TYPE!r}."
    if header.get("alg") != ALGORITHM:
        return f"Unsupported algorithm {header.get('alg')!r}: receipts use {ALGORITHM!r}."
    if "crit" in header:
        return "The header has critical extensions this verifier does not know."
    return None


def b64url_decode(part: str) -> bytes | None:
    """Strict base64url: only the canonical spelling, so no character can change unnoticed."""
    if not _B64URL.match(part) or len(part) % 4 == 1:
        return None
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        return None
    if base64.urlsafe_b64encode(raw).decode().rstrip("=") != part:
        return None
    return raw


def _json_object(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
