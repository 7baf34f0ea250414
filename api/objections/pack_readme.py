"""The evidence pack's README and its verification script: how anyone checks the pack offline."""

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

README = """\
AI Opt-Out: evidence pack
=========================

Made {made_at} for the holder of account pseudonym {subject}.
Everything here can be checked offline, by anyone, without trusting AI Opt-Out.

Files
-----
receipts/*.jws     your receipts: each a compact JWS (RFC 7515), header typ
                   "optout-receipt+jws", alg "Ed25519", signed by the service. The payload
                   says which accounts your opt-out covered, its scope, the action (recorded,
                   withdrawn, changed), when, and the log event it records (event.seq,
                   event.hash).
events.json        your events in the service's append-only log, complete: payload, salt,
                   type, time and hashes. Keep it private: the salts are what make the
                   public log unreadable.
chain-proof.json   the public fields of every log event from your first event up to the log's
                   head at the time of this pack (format 2 events show only their position,
                   leaf and hashes; older, format 1 events also their type, time and
                   payload hash).
head.jws           the service's signed statement of that head (typ "ledger-head+jws").
jwks.json          the service's public keys (also at /.well-known/jwks.json); old keys stay in
                   the set, so receipts signed before a key rotation keep verifying.
timeline.json      when Meta's training began in your region, when you objected, and what that
                   covers, with public sources.
verify.py          the script below.

The hash chain
--------------
Each event's hash links it to the one before. Events in format 2 (every event since salted
hashes) are hashed as

    payload_hash = sha256_hex( f"{{salt}}|{{payload}}" )   (payload: the exact JSON text)
    leaf         = sha256_hex( f"{{type}}|{{created_at}}|{{payload_hash}}" )
    hash         = sha256_hex( f"{{prev_hash}}|{{seq}}|{{leaf}}" )

so the public proof shows only seq, prev_hash, leaf and hash; events.json holds the salt,
type and time of your own events, from which you recompute their leaves. Older events, in
format 1, were hashed as

    payload_hash = sha256_hex( payload )
    hash = sha256_hex( f"{{prev_hash}}|{{seq}}|{{type}}|{{created_at}}|{{payload_hash}}" )

The first event's prev_hash is 64 zeros. created_at is written exactly as hashed. If any event
were altered, removed or reordered, its hash or the next prev_hash would not match, and the head
would differ from the one recorded earlier (GET /v1/ledger/head; a newer proof from your event
to today's head: GET /v1/ledger/proof/{{seq}}).

Check it
--------
1. With AI Opt-Out's command line (no database needed with --jwks):

       ai-optout verify receipts/<file>.jws --jwks jwks.json

2. With Python 3 and the `cryptography` package (pip install cryptography), in this folder:

       python3 verify.py .

   It checks every signature against jwks.json, recomputes every hash of the chain proof,
   checks the proof ends at the signed head, that your events' payloads hash to what the chain
   holds, and that each receipt's event is in the chain:

{script}
3. Or paste a receipt into POST /v1/receipts/verify on the service: it also checks the event
   against the live log.

What to trust: the keys. Anyone can build a pack signed with keys of their own, so check that
every key in jwks.json is one the service publishes at /.well-known/jwks.json (or in a copy
archived before, e.g. by a regulator or the web archive).

If the account is deleted, its receipts still verify: the signature does not depend on the
account, and the log keeps each event's hashes (payload_hash, hash) while blanking its payload
and its salt, so nobody can match the event to a guessed payload ever again.
"""


def readme(*, made_at: str, subject: str) -> str:
    script = "".join(f"       {line}\n" if line else "\n" for line in VERIFY_SCRIPT.splitlines())
    return README.format(made_at=made_at, subject=subject, script=script)
