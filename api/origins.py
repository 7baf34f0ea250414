"""Which browser extensions may call the API from their own origin (CORS).

Only the configured extension ids are let through (`AI_OPTOUT_EXTENSION_IDS`, by default this
project's Chromium id): any other extension's origin gets no `Access-Control-Allow-Origin`.
A Chromium id is fixed by the manifest's `key`; a Firefox origin carries a UUID that Firefox
draws per installation, so Firefox installs are let through only when their UUID is listed.
Passkey ceremonies are the exception in Firefox: the origin written into their answers is
derived from the add-on id, the same in every profile (`firefox_webauthn_origin`).
"""

import base64
import hashlib
import re

CHROMIUM_ID_LENGTH = 32


def extension_origin_regex(extension_ids: list[str]) -> str | None:
    """An anchored pattern matching exactly the configured ids' origins; None for no id."""
    chromium = [re.escape(i) for i in extension_ids if len(i) == CHROMIUM_ID_LENGTH]
    firefox = [re.escape(i) for i in extension_ids if len(i) != CHROMIUM_ID_LENGTH]
    origins = [f"chrome-extension://({'|'.join(chromium)})"] if chromium else []
    origins += [f"moz-extension://({'|'.join(firefox)})"] if firefox else []
    return f"^({'|'.join(origins)})$" if origins else None


def extension_origins(extension_ids: list[str]) -> list[str]:
    """The configured extensions' origins, one per id (their passkey ceremonies count too)."""
    return [
        f"chrome-extension://{i}" if len(i) == CHROMIUM_ID_LENGTH else f"moz-extension://{i}"
        for i in extension_ids
    ]


def firefox_webauthn_origin(addon_id: str) -> str:
    """The origin Firefox writes into the WebAuthn answers of an extension page (seen in Firefox
    140–153): not the page's per-install `moz-extension://<uuid>`, but the add-on id's whole
    SHA-256, each hex digit written as a letter a–p, as Chromium writes its ids."""
    return "moz-extension://" + _letters(hashlib.sha256(addon_id.encode()).hexdigest())


def chromium_id(manifest_key: str) -> str:
    """The id Chromium gives an extension whose manifest holds `key` (a base64 public key):
    the first 128 bits of its SHA-256, each hex digit written as a letter a–p."""
    digest = hashlib.sha256(base64.b64decode(manifest_key)).hexdigest()
    return _letters(digest[:CHROMIUM_ID_LENGTH])


def _letters(hex_digits: str) -> str:
    return "".join(chr(ord("a") + int(digit, 16)) for digit in hex_digits)
