"""CORS lets through only the configured extensions: by default this project's own Chromium id,
which the manifest's `key` pins wherever the extension is loaded from."""

import json
import re
from pathlib import Path

import httpx
import pytest

from api.config import Settings
from api.origins import chromium_id, extension_origin_regex

MANIFEST = Path(__file__).resolve().parents[2] / "extension" / "manifest.json"


def test_the_default_id_is_the_one_the_manifest_key_gives() -> None:
    key = json.loads(MANIFEST.read_text())["key"]

    assert Settings().extension_ids == [chromium_id(key)]


def test_chromium_ids_are_the_keys_sha256_written_in_letters_a_to_p() -> None:
    # SHA-256 of nothing begins e3b0c442 98fc1c14 9afbf4c8 996fb924: e→o, 3→d, b→l, 0→a, …
    assert chromium_id("") == "odlameecjipmbmbejkplpemijjgpljce"


def test_the_pattern_matches_exactly_the_configured_origins() -> None:
    chromium, firefox = "a" * 32, "3f2c6a1e-9b7d-4c1a-8e2f-1a2b3c4d5e6f"
    pattern = extension_origin_regex([chromium, firefox])

    assert pattern is not None
    assert re.match(pattern, f"chrome-extension://{chromium}")
    assert re.match(pattern, f"moz-extension://{firefox}")
    for foreign in [
        "chrome-extension://" + "b" * 32,
        f"chrome-extension://{chromium}.evil.example",
        f"moz-extension://{firefox[:-1]}0",
        f"https://{chromium}",
    ]:
        assert not re.match(pattern, foreign), foreign
    assert extension_origin_regex([]) is None


@pytest.mark.parametrize("bad", ["q" * 32, "a" * 31, "not-a-uuid", "*"])
def test_an_id_that_is_no_extension_id_is_refused_at_start(bad: str) -> None:
    with pytest.raises(ValueError, match="neither a Chromium id nor a Firefox UUID"):
        Settings(extension_ids=[bad])


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"extension_ids": ["a" * 32]})


@pytest.mark.parametrize(
    ("origin", "granted"),
    [("chrome-extension://" + "a" * 32, True), ("chrome-extension://" + "b" * 32, False)],
)
async def test_the_app_grants_cors_to_configured_extensions_only(
    client: httpx.AsyncClient, origin: str, granted: bool
) -> None:
    answer = await client.get("/v1/policies", headers={"Origin": origin})

    assert ("access-control-allow-origin" in answer.headers) is granted
