"""What the API docs show for the preferences operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# GET /v1/me/preferences
READ_PREFERENCES = examples(
    ok={
        "region": "DE",
        "accounts": [
            {
                "platform": "facebook",
                "profile": "jane.doe",
                "profile_url": "https://www.facebook.com/jane.doe/",
                "accounts_center": False,
                "objection": {
                    "state": "submitted",
                    "submitted_on": "2025-05-20",
                    "confirmed_on": None,
                    "rejected_reason": None,
                    "withdrawn_on": None,
                },
            }
        ],
        "scope": "all",
        "listed": False,
        "version": 3,
        "updated_at": "2026-12-05T05:32:03.401045Z",
    }
)

# GET /v1/me/preferences.aipref
READ_AIPREF = examples(text="train-ai=n")
