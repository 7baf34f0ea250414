"""The ID token's checks, against an issuer whose key the test holds: signature, issuer,
audience, expiry and nonce each refuse a token on their own, and a rotated key is fetched."""

import http.server
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from api.config import OidcProvider
from api.oidc.errors import ProviderError
from api.oidc.provider import Identity, Provider, hash_value
from tests.oidc.provider import free_port

CLIENT_ID = "the-client"
NONCE = "the-nonce"


class Issuer:
    """A loopback issuer serving its discovery document and its current key set."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.key = RSAKey.generate_key(2048, parameters={"kid": "one"})
        self.requests: list[str] = []
        issuer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                issuer.requests.append(self.path)
                body = json.dumps(issuer.document(self.path)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)

    def document(self, path: str) -> dict[str, Any]:
        if path == "/jwks":
            return dict(KeySet([self.key]).as_dict(private=False))
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
        }

    def token(self, key: RSAKey | None = None, **overrides: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": self.url,
            "sub": "subject-1",
            "aud": CLIENT_ID,
            "exp": now + 300,
            "iat": now,
            "nonce": NONCE,
            **overrides,
        }
        signing = key or self.key
        return jwt.encode({"alg": "RS256", "kid": signing.kid}, claims, signing)


@pytest.fixture
def issuer() -> Iterator[Issuer]:
    issuer = Issuer()
    thread = threading.Thread(target=issuer.server.serve_forever, daemon=True)
    thread.start()
    yield issuer
    issuer.server.shutdown()
    issuer.server.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def provider(issuer: Issuer, clock: Clock) -> Provider:
    config = OidcProvider(
        name="test",
        discovery_url=f"{issuer.url}/.well-known/openid-configuration",
        client_id=CLIENT_ID,
    )
    return Provider(config, timeout=2.0, clock=clock)


def test_a_valid_id_token_names_the_issuer_and_subject(issuer: Issuer, provider: Provider) -> None:
    identity = provider.verify_id_token(issuer.token(), nonce_hash=hash_value(NONCE))

    assert identity == Identity(issuer=issuer.url, subject="subject-1")


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        ({"iss": "https://another.example"}, "iss"),
        ({"aud": "another-client"}, "aud"),
        ({"exp": int(time.time()) - 3600}, "exp"),
        ({"nonce": "another-nonce"}, "nonce"),
        ({"nonce": None}, "nonce"),
        ({"sub": None}, "sub"),
    ],
)
def test_each_claim_refuses_a_token_on_its_own(
    issuer: Issuer, provider: Provider, claims: dict[str, Any], why: str
) -> None:
    token = issuer.token(**claims)

    with pytest.raises(ProviderError) as refused:
        provider.verify_id_token(token, nonce_hash=hash_value(NONCE))

    assert why in str(refused.value.detail)


def test_a_token_signed_by_another_key_is_refused(issuer: Issuer, provider: Provider) -> None:
    forger = RSAKey.generate_key(2048, parameters={"kid": "one"})

    with pytest.raises(ProviderError, match="signature"):
        provider.verify_id_token(issuer.token(forger), nonce_hash=hash_value(NONCE))


def test_an_unsigned_token_is_refused(issuer: Issuer, provider: Provider) -> None:
    header, payload, _ = issuer.token().split(".")
    unsigned = ".".join(["eyJhbGciOiJub25lIn0", payload, ""])  # {"alg":"none"}

    with pytest.raises(ProviderError):
        provider.verify_id_token(unsigned, nonce_hash=hash_value(NONCE))
    assert header  # the original was signed


def test_a_rotated_key_is_fetched_once_and_then_no_more_than_once_a_minute(
    issuer: Issuer, provider: Provider, clock: Clock
) -> None:
    provider.verify_id_token(issuer.token(), nonce_hash=hash_value(NONCE))
    clock.now += 120
    issuer.key = RSAKey.generate_key(2048, parameters={"kid": "two"})

    provider.verify_id_token(issuer.token(), nonce_hash=hash_value(NONCE))
    forged = issuer.token(RSAKey.generate_key(2048, parameters={"kid": "three"}))
    with pytest.raises(ProviderError):
        provider.verify_id_token(forged, nonce_hash=hash_value(NONCE))

    assert issuer.requests.count("/jwks") == 2
    assert issuer.requests.count("/.well-known/openid-configuration") == 1


def test_a_discovery_document_for_another_issuer_is_refused(issuer: Issuer) -> None:
    config = OidcProvider(
        name="mixup",
        discovery_url=f"http://localhost:{issuer.port}/.well-known/openid-configuration",
        client_id=CLIENT_ID,
    )

    with pytest.raises(ProviderError, match="another issuer"):
        Provider(config, timeout=2.0).metadata()
