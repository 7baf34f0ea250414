"""What the API docs show for the profiles operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# GET /v1/me/profiles
LIST_PROFILES = examples(
    ok=[{"platform": "facebook", "profile": "jane.doe", "proof": None, "shared": False}]
)

# POST /v1/me/profiles/{platform}/{profile}/proof
ASK_FOR_CODE = examples(
    parameters={"platform": "instagram", "profile": "jane_doe"},
    created={
        "platform": "instagram",
        "profile": "jane_doe",
        "code": "ai-optout-vhce9b95r1a9",
        "expires_at": "2026-12-12T05:32:03.874260Z",
        "page_url": "http://127.0.0.1:43517/ig/jane_doe/",
        "instructions": (
            "Put ai-optout-vhce9b95r1a9 in the bio of your Instagram prof"
            "ile, or in a public post on it, and make sure the page is pu"
            "blic. Then ask for a check. You can remove the code once the"
            " profile is proved, but it is looked for again every few wee"
            "ks: keep it there to stay proved."
        ),
    },
)

# POST /v1/me/profiles/{platform}/{profile}/proof/check
CHECK_PROOF = examples(
    parameters={"platform": "instagram", "profile": "jane_doe"},
    ok={
        "platform": "instagram",
        "profile": "jane_doe",
        "state": "verified",
        "created_at": "2026-12-05T05:32:03.874260Z",
        "verified_at": "2026-12-05T05:32:03.945157Z",
        "checked_at": "2026-12-05T05:32:03.945157Z",
        "expires_at": None,
    },
)

# GET /v1/me/profiles/{platform}/{profile}/proof
READ_PROOF = examples(
    parameters={"platform": "instagram", "profile": "jane_doe"},
    ok={
        "platform": "instagram",
        "profile": "jane_doe",
        "state": "pending",
        "created_at": "2026-12-05T05:32:03.874260Z",
        "verified_at": None,
        "checked_at": None,
        "expires_at": "2026-12-12T05:32:03.874260Z",
    },
)

# DELETE /v1/me/profiles/{platform}/{profile}/proof
WITHDRAW_PROOF = examples(parameters={"platform": "instagram", "profile": "jane_doe"})
