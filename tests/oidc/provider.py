"""A real OpenID Connect provider for the tests: `oidc-provider-mock` in its own process on a
free loopback port, with a browser's part of the flow played by httpx."""

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx

# The extension's redirect URI as Chromium forms it for `identity.launchWebAuthFlow`.
REDIRECT_URI = "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class MockProvider:
    """One provider process; `client_id`/`client_secret` are registered with it at start."""

    port: int
    redirect_uri: str = REDIRECT_URI
    process: subprocess.Popen[bytes] | None = None
    client_id: str = ""
    client_secret: str = ""

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def start(self) -> "MockProvider":
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "oidc_provider_mock", "--port", str(self.port)),
                *("--require-nonce", "true", "--require-registration", "true"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(self.discovery_url, timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("the OpenID provider did not start") from None
                time.sleep(0.1)
        registered = httpx.post(
            f"{self.issuer}/oauth2/clients", json={"redirect_uris": [self.redirect_uri]}
        )
        registered.raise_for_status()
        self.client_id = registered.json()["client_id"]
        self.client_secret = registered.json()["client_secret"]
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def authorise(authorization_url: str, *, subject: str) -> tuple[str, str]:
    """What the person does in the browser window: sign in at the provider as `subject`.
    Returns the `code` and `state` of the redirect back to the extension."""
    with httpx.Client(timeout=5) as browser:
        form = browser.get(authorization_url)
        assert form.status_code == 200, form.text
        answer = browser.post(authorization_url, data={"sub": subject})
    assert answer.status_code in {302, 303}, answer.text
    location = answer.headers["location"]
    assert location.startswith(REDIRECT_URI), location
    query = parse_qs(urlsplit(location).query)
    return query["code"][0], query["state"][0]
