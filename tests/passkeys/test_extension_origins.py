"""Which extension origins a passkey ceremony may come from: Chromium's is the extension id's,
Firefox's is derived from the add-on id (the same in every profile), never the install's UUID."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.config import Settings
from api.origins import firefox_webauthn_origin
from api.passkeys.service import RelyingParty

MANIFEST = Path(__file__).parents[2] / "extension" / "manifest.json"
# Read from the clientDataJSON of a passkey made on the extension's options page in Debian's
# Firefox ESR (tests/e2e/test_passkeys.py runs that ceremony against the default settings).
SEEN_IN_FIREFOX = "moz-extension://cmaeojiogiiihbchjnogkmkkfcknjpehnlcacchplgpdcgnljcmibonmpfolcefg"


def test_the_default_add_on_id_is_the_manifests_and_gives_the_origin_firefox_writes() -> None:
    gecko_id = json.loads(MANIFEST.read_text())["browser_specific_settings"]["gecko"]["id"]
    assert Settings().firefox_addon_ids == [gecko_id]
    assert firefox_webauthn_origin(gecko_id) == SEEN_IN_FIREFOX


def test_the_relying_party_counts_each_add_on_ids_origin_beside_the_listed_ones() -> None:
    settings = Settings(
        webauthn_origins=["https://optout.example.org"],
        firefox_addon_ids=["ai-optout@ai-optout.org", "{12345678-1234-1234-1234-123456789abc}"],
    )
    origins = RelyingParty.from_settings(settings).origins
    assert SEEN_IN_FIREFOX in origins
    assert firefox_webauthn_origin("{12345678-1234-1234-1234-123456789abc}") in origins
    assert "https://optout.example.org" in origins
    assert (
        RelyingParty.from_settings(Settings(firefox_addon_ids=[])).origins.count(SEEN_IN_FIREFOX)
        == 0
    )


@pytest.mark.parametrize("written", ["", "ai optout", "moz-extension://abc", "{not-a-guid}"])
def test_an_add_on_id_in_neither_of_firefox_s_forms_is_refused(written: str) -> None:
    with pytest.raises(ValidationError, match="not a Firefox add-on id"):
        Settings(firefox_addon_ids=[written])
