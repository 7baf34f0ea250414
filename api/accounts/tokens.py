"""Short-lived access tokens: JWTs signed by the service's key ring, verified with a small cache."""

import hashlib
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jws import extract_compact
from joserfc.jwt import JWTClaimsRegistry

from api.errors import Unauthorized
from api.signing.keyring import ALGORITHM, KeyRing

_CACHE_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class AccessClaims:
    account_id: str
    session_id: str
    expires_at: int


def hash_secret(secret: str) -> str:
    """Refresh secrets and API keys are random with 256 bits, so one SHA-256 is enough."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class AccessTokens:
    """Issues and verifies access tokens. Verification is cached: an Ed25519 check costs ~100 µs."""

    def __init__(self, keyring: KeyRing, *, issuer: str, ttl_seconds: int) -> None:
        self._keyring = keyring
        self._issuer = issuer
        self.ttl_seconds = ttl_seconds
        self._claims_registry = JWTClaimsRegistry(
            iss={"essential": True, "value": issuer},
            sub={"essential": True},
            sid={"essential": True},
            exp={"essential": True},
        )
        self._verified: OrderedDict[str, AccessClaims] = OrderedDict()
        self._lock = Lock()

    def issue(self, account_id: str, session_id: str) -> str:
        key = self._keyring.signing_key()
        now = int(time.time())
        claims = {
            "iss": self._issuer,
            "sub": account_id,
            "sid": session_id,
            "iat": now,
            "exp": now + self.ttl_seconds,
        }
        header = {"alg": ALGORITHM, "kid": key.kid, "typ": "at+jwt"}
        return jwt.encode(header, claims, key, algorithms=[ALGORITHM])

    def verify(self, token: str) -> AccessClaims:
        now = int(time.time())
        with self._lock:
            cached = self._verified.get(token)
        if cached is not None:
            if cached.expires_at <= now:
                raise Unauthorized("The access token has expired; refresh it.")
            return cached
        claims = self._verify_signature(token)
        with self._lock:
            self._verified[token] = claims
            if len(self._verified) > _CACHE_SIZE:
                self._verified.popitem(last=False)
        return claims

    def _verify_signature(self, token: str) -> AccessClaims:
        try:
            kid = extract_compact(token.encode()).headers().get("kid")
            keys = self._keyring.verification_keys(kid if isinstance(kid, str) else None)
            decoded = jwt.decode(token, keys, algorithms=[ALGORITHM])
            self._claims_registry.validate(decoded.claims)
            if decoded.header.get("typ") != "at+jwt":
                raise Unauthorized("This is not an access token.")
            return AccessClaims(
                account_id=str(decoded.claims["sub"]),
                session_id=str(decoded.claims["sid"]),
                expires_at=int(decoded.claims["exp"]),
            )
        except (JoseError, ValueError, KeyError, TypeError) as error:
            raise Unauthorized("The access token is invalid or expired.") from error
