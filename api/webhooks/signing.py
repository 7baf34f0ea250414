"""Standard Webhooks signatures: `webhook-id`, `webhook-timestamp` and `webhook-signature`.

The signature is `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the bytes of
the endpoint's secret (`whsec_<base64>`). Receivers verify it and dedupe by `webhook-id`.
"""

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
# Receivers should refuse deliveries whose timestamp is further off than this (replays).
TOLERANCE_SECONDS = 5 * 60


class InvalidSignature(Exception):
    pass


def new_endpoint_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(
    secret: str,
    message_id: str,
    body: bytes,
    timestamp: int | None = None,
    *,
    previous: str | None = None,
) -> dict[str, str]:
    """The delivery's headers. During a rotation's overlap `previous` (the replaced secret)
    signs too: Standard Webhooks lists several signatures space-separated, and a receiver
    accepts the delivery if any one matches a secret it holds."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signatures = [sign(secret, message_id, timestamp, body)]
    if previous is not None:
        signatures.append(sign(previous, message_id, timestamp, body))
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signatures),
        "content-type": "application/json",
    }


def verify(
    secret: str, received: Mapping[str, str], body: bytes, *, now: float | None = None
) -> str:
    """Check a delivery as a receiver would; return its message id or raise InvalidSignature."""
    lowered = {name.lower(): value for name, value in received.items()}
    try:
        message_id = lowered["webhook-id"]
        timestamp = int(lowered["webhook-timestamp"])
        signatures = lowered["webhook-signature"].split()
    except (KeyError, ValueError) as error:
        raise InvalidSignature("missing or malformed webhook headers") from error
    current = time.time() if now is None else now
    if abs(current - timestamp) > TOLERANCE_SECONDS:
        raise InvalidSignature("timestamp outside the tolerance")
    try:
        expected = sign(secret, message_id, timestamp, body)
    except binascii.Error as error:
        raise InvalidSignature("malformed secret") from error
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise InvalidSignature("no signature matches")
    return message_id
