"""The evidence pack's README and its verification script: how anyone checks the pack offline.

The README is data, one text per language (`readme_texts/<lang>.toml`, English the source);
tests/objections/test_pack_readme_languages.py checks that each keeps the placeholders,
formulas and commands of the English."""

import tomllib
from functools import cache
from pathlib import Path

from api.languages import DEFAULT_LANGUAGE, Language

# Runs with the standard library and `cryptography`; tests run this exact text on real packs.
VERIFY_SCRIPT = '''\
"""Verify an AI Opt-Out evidence pack offline: python3 verify.py [folder]. Needs `cryptography`."""
import base64, hashlib, json, pathlib, sys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
def b64(text): return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
def load(name): return json.loads((folder / name).read_text(encoding="utf-8"))
def digest(text): return hashlib.sha256(text.encode()).hexdigest()
def check(ok, why):
    if not ok: sys.exit(f"FAILED: {why}")
jwks = load("jwks.json")["keys"]
keys = {k["kid"]: Ed25519PublicKey.from_public_bytes(b64(k["x"])) for k in jwks}
signed = {}
for path in sorted(folder.glob("**/*.jws")):  # every receipt, and head.jws
    header, payload, signature = path.read_text().strip().split(".")
    key = keys.get(json.loads(b64(header))["kid"])
    check(key, f"{path.name}: signed with a key not in jwks.json")
    try: key.verify(b64(signature), f"{header}.{payload}".encode())
    except InvalidSignature: check(False, f"{path.name}: signature does not match (altered?)")
    signed[path.name] = json.loads(b64(payload))
PLAIN = ("prev_hash", "seq", "type", "created_at", "payload_hash")  # format 1, older events
SALTED = ("prev_hash", "seq", "leaf")  # format 2: the leaf hides type, time and payload hash
def link_hash(e):
    fields = PLAIN if e.get("format", 1) == 1 else SALTED
    return digest("|".join(str(e[field]) for field in fields))
proof, prev = load("chain-proof.json"), None
for e in proof["events"]:
    check(link_hash(e) == e["hash"], f"event {e['seq']}: hash does not match its fields")
    check(prev in (None, e["prev_hash"]), f"event {e['seq']}: does not link to the one before")
    prev = e["hash"]
chain = {e["seq"]: e["hash"] for e in proof["events"]}
check(prev == proof["head"]["hash"] == signed["head.jws"]["head"]["hash"], "proof misses the head")
for e in load("events.json"):  # your own events: their payloads hash to what the chain holds
    salted = e.get("format", 1) != 1
    material = f'{e["salt"]}|{e["payload"]}' if salted else e["payload"]
    check(e["payload"] is None or digest(material) == e["payload_hash"], f"payload {e['seq']}")
    leaf = digest(f'{e["type"]}|{e["created_at"]}|{e["payload_hash"]}')
    check(not salted or leaf == e["leaf"], f"event {e['seq']}: leaf does not match its fields")
    check(link_hash(e) == e["hash"], f"event {e['seq']}: hash does not match its fields")
    check(chain.get(e["seq"]) == e["hash"], f"event {e['seq']} is not in the chain")
for name, claims in signed.items():  # each receipt's event is in the chain, unaltered
    event = claims.get("event")
    check(event is None or chain.get(event["seq"]) == event["hash"], f"{name}: event not in chain")
print(f"OK: {len(signed)} signatures, {len(chain)} chained events, head {prev}")
'''

README_DIR = Path(__file__).parent / "readme_texts"


@cache
def readme_template(lang: Language, directory: Path = README_DIR) -> str:
    """The README's text in `lang` (`readme_texts/<lang>.toml`), with its placeholders."""
    path = directory / f"{lang}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if data.get("lang") != lang or not isinstance(data.get("text"), str):
        raise ValueError(f'{path.name}: lang = "{lang}" and a text string')
    return str(data["text"])


def readme(*, made_at: str, subject: str, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The README in `lang`. The script in it stays as it runs: its code and messages are
    English in every pack, as the commands, file names and formulas around it are."""
    script = "".join(f"       {line}\n" if line else "\n" for line in VERIFY_SCRIPT.splitlines())
    return readme_template(lang).format(made_at=made_at, subject=subject, script=script)
