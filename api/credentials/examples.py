"""What the API docs show for the credentials operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# GET /v1/me/credentials
LIST_CREDENTIALS = examples(
    ok={
        "passkeys": [
            {
                "id": "aab3238922bcc25a6f606eb525ffdc56",
                "label": "Jane's phone",
                "created_at": "2026-12-05T05:32:03.572369Z",
                "last_used_at": "2026-12-05T05:32:03.991792Z",
            }
        ],
        "oidc_identities": [
            {
                "id": "c20ad4d76fe97759aa27a0c99bff6710",
                "provider": "google",
                "issuer": "https://accounts.google.com",
                "created_at": "2026-12-05T05:32:03.636429Z",
                "last_used_at": None,
            }
        ],
        "recovery_codes": {
            "remaining": 10,
            "total": 10,
            "created_at": "2026-12-05T05:32:03.643309Z",
        },
        "sign_ins": [
            {
                "id": "fa5a4c1b12504710a5cc4c461e14c3b4",
                "label": None,
                "created_at": "2026-12-05T05:32:03.300776Z",
                "last_used_at": None,
                "expires_at": "2027-01-04T05:32:03.300597Z",
                "current": True,
            }
        ],
        "stranded_if_signed_out": False,
    }
)
