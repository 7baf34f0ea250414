"""One OpenID Connect provider as a client sees it: its discovery document and keys (fetched
with a timeout and cached), the authorisation URL, the code exchange and the ID token's checks.

Nothing here touches the database; every failure of the provider becomes a 502 or 503 problem.
"""

import hashlib
import hmac
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from api.config import OidcProvider
from api.oidc.errors import CodeRejected, ProviderError, ProviderUnavailable, UnknownProvider

with warnings.catch_warnings():
    # Authlib 1.9 warns when it runs on httpx rather than its httpx2 fork; httpx is the
    # service's one HTTP client (docs/decisions.md). Its module turns its warnings "always" on
    # when imported, so the filter goes in after it.
    from authlib.deprecate import AuthlibDeprecationWarning  # type: ignore[import-untyped]

    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import (  # type: ignore[import-untyped]
        OAuth2Client,
        OAuthError,
    )

DISCOVERY_TTL_SECONDS = 3600.0
# A token naming a key we have not seen refetches the key set, at most this often.
JWKS_REFRESH_SECONDS = 60.0
# ID token algorithms we accept: asymmetric only (never "none", never a MAC keyed by the secret).
ID_TOKEN_ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA", "Ed25519"]
CLOCK_LEEWAY_SECONDS = 60


def hash_value(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Metadata:
    """The parts of a provider's discovery document this service uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in: the only two facts the service keeps."""

    issuer: str
    subject: str


class Provider:
    """A configured provider; safe to share between threads."""

    def __init__(
        self, config: OidcProvider, *, timeout: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.name = config.name
        self._config = config
        self._timeout = timeout
        self._clock = clock
        self._lock = threading.Lock()
        self._metadata: tuple[float, Metadata] | None = None
        self._keys: tuple[float, KeySet] | None = None

    def metadata(self) -> Metadata:
        with self._lock:
            if self._metadata and self._clock() - self._metadata[0] < DISCOVERY_TTL_SECONDS:
                return self._metadata[1]
        document = self._get_json(self._config.discovery_url)
        metadata = _parse_metadata(document, self._config.discovery_url)
        with self._lock:
            self._metadata = (self._clock(), metadata)
        return metadata

    def authorization_url(
        self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str
    ) -> str:
        endpoint = self.metadata().authorization_endpoint
        with self._client(redirect_uri) as client:
            url, _ = client.create_authorization_url(
                endpoint, state=state, code_verifier=code_verifier, nonce=nonce
            )
        return str(url)

    def exchange(self, *, code: str, redirect_uri: str, code_verifier: str) -> str:
        """The ID token the provider issues for an authorisation code (its other tokens are
        dropped at once)."""
        endpoint = self.metadata().token_endpoint
        with _provider_calls(), self._client(redirect_uri) as client:
            try:
                token = client.fetch_token(
                    endpoint,
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=code_verifier,
                )
            except OAuthError as error:
                if error.error == "invalid_grant":
                    raise CodeRejected() from error
                raise ProviderError(f"The token endpoint answered {error.error!r}.") from error
            except ValueError as error:
                raise ProviderError("The token endpoint's answer is not JSON.") from error
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise ProviderError("The token endpoint answered without an ID token.")
        return id_token

    def verify_id_token(self, id_token: str, *, nonce_hash: str) -> Identity:
        """Signature (the provider's key set), issuer, audience, expiry and nonce."""
        issuer = self.metadata().issuer
        try:
            token = jwt.decode(id_token, self._key_set(refresh=False), ID_TOKEN_ALGORITHMS)
        except (JoseError, ValueError, KeyError):
            # An unknown key may be a rotated one: fetch the key set again, once.
            try:
                token = jwt.decode(id_token, self._key_set(refresh=True), ID_TOKEN_ALGORITHMS)
            except (JoseError, ValueError, KeyError) as error:
                raise ProviderError("The ID token's signature does not verify.") from error
        claims: dict[str, Any] = token.claims
        registry = jwt.JWTClaimsRegistry(
            leeway=CLOCK_LEEWAY_SECONDS,
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": self._config.client_id},
            exp={"essential": True},
            sub={"essential": True},
            nonce={"essential": True},
        )
        try:
            registry.validate(claims)
        except JoseError as error:
            raise ProviderError(f"The ID token is not valid: {error.description}") from error
        nonce, subject = claims["nonce"], claims["sub"]
        if not isinstance(nonce, str) or not hmac.compare_digest(hash_value(nonce), nonce_hash):
            raise ProviderError("The ID token's nonce is not the one this attempt sent.")
        if not isinstance(subject, str) or not 0 < len(subject) <= 255:
            raise ProviderError("The ID token's subject is missing or too long.")
        return Identity(issuer=issuer, subject=subject)

    def _key_set(self, *, refresh: bool) -> KeySet:
        with self._lock:
            cached = self._keys
        if cached is not None:
            if not refresh:
                return cached[1]
            if self._clock() - cached[0] < JWKS_REFRESH_SECONDS:
                raise ProviderError("The ID token's signature does not verify.")
        document = self._get_json(self.metadata().jwks_uri)
        try:
            keys = KeySet.import_key_set(document)  # type: ignore[arg-type]
        except (JoseError, ValueError, KeyError, TypeError) as error:
            raise ProviderError("The provider's key set cannot be read.") from error
        with self._lock:
            self._keys = (self._clock(), keys)
        return keys

    def _get_json(self, url: str) -> dict[str, Any]:
        with _provider_calls(), httpx.Client(timeout=self._timeout) as http:
            response = http.get(url, headers={"Accept": "application/json"})
            response.raise_for_status()
            try:
                document = response.json()
            except ValueError as error:
                raise ProviderError(f"{url} did not answer JSON.") from error
        if not isinstance(document, dict):
            raise ProviderError(f"{url} did not answer a JSON object.")
        return document

    @contextmanager
    def _client(self, redirect_uri: str) -> Iterator[Any]:
        client = OAuth2Client(
            client_id=self._config.client_id,
            client_secret=self._config.client_secret.get_secret_value() or None,
            redirect_uri=redirect_uri,
            scope="openid",
            code_challenge_method="S256",
            timeout=self._timeout,
        )
        try:
            yield client
        finally:
            client.close()


@contextmanager
def _provider_calls() -> Iterator[None]:
    """Network failures and 5xx are the provider being down (503); other HTTP errors are it
    misbehaving (502)."""
    try:
        yield
    except httpx.HTTPStatusError as error:
        status = error.response.status_code
        if status >= 500 or status == 429:
            raise ProviderUnavailable(f"The provider answered HTTP {status}.") from error
        raise ProviderError(f"The provider answered HTTP {status}.") from error
    except httpx.TransportError as error:
        reason = type(error).__name__
        raise ProviderUnavailable(f"The provider cannot be reached ({reason}).") from error


def _parse_metadata(document: dict[str, Any], discovery_url: str) -> Metadata:
    fields = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    values = [document.get(field) for field in fields]
    if not all(isinstance(value, str) and value for value in values):
        raise ProviderError("The provider's discovery document lacks a required endpoint.")
    metadata = Metadata(*[str(value) for value in values])
    # OpenID Connect Discovery §4.3: the issuer is the discovery URL's own prefix, or the
    # document was served for someone else (a mix-up).
    expected = metadata.issuer.rstrip("/") + "/.well-known/openid-configuration"
    if discovery_url != expected:
        raise ProviderError("The provider's discovery document names another issuer.")
    return metadata


class Providers:
    """The providers the operator configured, by name."""

    def __init__(self, configs: list[OidcProvider], *, timeout: float) -> None:
        self._by_name = {config.name: Provider(config, timeout=timeout) for config in configs}

    def names(self) -> list[str]:
        return sorted(self._by_name)

    def get(self, name: str) -> Provider:
        provider = self._by_name.get(name)
        if provider is None:
            raise UnknownProvider()
        return provider
