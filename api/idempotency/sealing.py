"""What a stored answer is keyed and sealed with, all derived from the Idempotency-Key itself.

The database holds only an HKDF-derived lookup, an HMAC of the request and an AES-GCM sealed
answer: without the key (which only the client has) a row reveals neither the request nor the
answer, and one caller's key cannot find another caller's row (the caller's scope is in every
derivation).
"""

import base64
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from api.errors import ProblemError

HEADER = "Idempotency-Key"
# Visible ASCII but the quote and backslash: a Structured Fields String without escapes
# (`"…"`, RFC 8941, as the draft says), or the same characters bare, as most clients send.
# At least 16 characters: the key is the only secret protecting its answer (use a UUID).
_KEY = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]{16,255}")
_NONCE_BYTES = 12


class InvalidIdempotencyKey(ProblemError):
    status, code, title = 422, "invalid-idempotency-key", "The Idempotency-Key header is malformed"


def parse_key(raw: str) -> str:
    """The key in a header value: `"<16 to 255 visible characters>"`, quoted or bare."""
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not _KEY.fullmatch(value):
        raise InvalidIdempotencyKey(
            f"{HEADER} must be 16 to 255 visible characters without quotes or backslashes, "
            'e.g. a UUID: `Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"`.'
        )
    return value


@dataclass(frozen=True, slots=True)
class Answer:
    """A response as the client got it: status, headers (without Content-Length) and body."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


@dataclass(frozen=True, slots=True)
class Ticket:
    """One request's key, scoped to its caller: where its row is and how its answer is sealed."""

    lookup: str
    request_mac: str
    _seal_key: bytes

    @classmethod
    def of(cls, *, scope: str, key: str, request: bytes) -> "Ticket":
        """`scope` names the caller (account, credential or anonymous); `request` is the
        request's fingerprint (`fingerprint`)."""
        material = HKDF(
            algorithm=hashes.SHA256(),
            length=96,
            salt=hashlib.sha256(scope.encode()).digest(),
            info=b"ai-optout idempotency v1",
        ).derive(key.encode())
        lookup, mac_key, seal_key = material[:32], material[32:64], material[64:]
        return cls(
            lookup=lookup.hex(),
            request_mac=hmac.new(mac_key, request, hashlib.sha256).hexdigest(),
            _seal_key=seal_key,
        )

    def matches(self, request_mac: str) -> bool:
        return hmac.compare_digest(self.request_mac, request_mac)

    def seal(self, answer: Answer) -> bytes:
        plain = json.dumps(
            {
                "status": answer.status,
                "headers": [
                    [name.decode("latin-1"), v.decode("latin-1")] for name, v in answer.headers
                ],
                "body": base64.b64encode(answer.body).decode(),
            }
        ).encode()
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + AESGCM(self._seal_key).encrypt(nonce, plain, self.lookup.encode())

    def open(self, sealed: bytes) -> Answer:
        nonce, cipher = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
        data = json.loads(AESGCM(self._seal_key).decrypt(nonce, cipher, self.lookup.encode()))
        return Answer(
            status=int(data["status"]),
            headers=[(n.encode("latin-1"), v.encode("latin-1")) for n, v in data["headers"]],
            body=base64.b64decode(data["body"]),
        )


def fingerprint(method: str, path: str, query: bytes, body: bytes) -> bytes:
    """The request as the key is bound to it: the same key with another of these is refused."""
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query, body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.digest()
