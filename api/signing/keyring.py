"""The key ring: which key signs now, and the public key set that verifies everything signed."""

import json
import threading
import time
from typing import Any

from joserfc.jwk import KeySet, OKPKey
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.db import session_scope
from api.signing.models import SigningKey
from api.sqltypes import new_id, utcnow

ALGORITHM = "Ed25519"  # RFC 9864's fully specified name for EdDSA over Ed25519
RELOAD_SECONDS = 60.0
# Anyone can present a token or receipt naming an unknown key; reload for that at most this often.
UNKNOWN_KID_RELOAD_SECONDS = 5.0


def create_key(session: Session) -> SigningKey:
    """Add a new signing key; it signs from now on, older keys keep verifying."""
    kid = new_id()[:16]
    key = OKPKey.generate_key("Ed25519", parameters={"kid": kid, "alg": ALGORITHM, "use": "sig"})
    row = SigningKey(
        kid=kid,
        private_jwk=json.dumps(key.as_dict(private=True)),
        public_jwk=json.dumps(key.as_dict(private=False)),
    )
    session.add(row)
    session.flush()
    return row


def rotate(session: Session) -> SigningKey:
    """Retire the signing key in use and create its successor."""
    for row in session.exec(select(SigningKey).where(col(SigningKey.retired_at).is_(None))):
        row.retired_at = utcnow()
        session.add(row)
    return create_key(session)


class KeyRing:
    """Keys read from the database, reloaded now and then so replicas follow a rotation."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._loaded_at = 0.0
        self._signing: OKPKey | None = None
        self._public = KeySet([])

    def prime(self) -> None:
        """Make sure a signing key exists and load the ring. Run at start-up, outside requests:
        creating the first key inside a request's write transaction would wait on itself."""
        with session_scope(self._engine) as session:
            active = select(SigningKey).where(col(SigningKey.retired_at).is_(None))
            if session.exec(active).first() is None:
                create_key(session)
        self._fresh(force=True)

    def _load(self) -> None:
        with session_scope(self._engine, write=False) as session:
            rows = list(session.exec(select(SigningKey).order_by(col(SigningKey.created_at))))
        if not any(row.retired_at is None for row in rows):
            raise RuntimeError("no signing key: run `ai-optout migrate` and start the service")
        active = [row for row in rows if row.retired_at is None]
        self._signing = OKPKey.import_key(json.loads(active[-1].private_jwk))
        self._public = KeySet([OKPKey.import_key(json.loads(row.public_jwk)) for row in rows])
        self._loaded_at = time.monotonic()

    def _fresh(self, force: bool = False) -> None:
        with self._lock:
            stale = time.monotonic() - self._loaded_at > RELOAD_SECONDS
            if force or stale or self._signing is None:
                self._load()

    def signing_key(self) -> OKPKey:
        self._fresh()
        assert self._signing is not None
        return self._signing

    def verification_keys(self, kid: str | None = None) -> KeySet:
        """The public keys; reload once when a token names a key we have not seen yet."""
        self._fresh()
        unknown = kid is not None and all(key.kid != kid for key in self._public.keys)
        if unknown and time.monotonic() - self._loaded_at > UNKNOWN_KID_RELOAD_SECONDS:
            self._fresh(force=True)
        return self._public

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.as_dict(private=False) for key in self.verification_keys().keys]}
