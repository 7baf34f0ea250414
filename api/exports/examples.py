"""What the API docs show for the exports operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# GET /v1/me/export
EXPORT = examples(
    ok={
        "account_id": "0cc175b9c0f1b6a831c399e269772661",
        "created_at": "2026-12-05T05:32:03.294207Z",
        "preferences": {
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
            "listed": True,
            "version": 7,
            "updated_at": "2026-12-05T05:32:03.815811Z",
        },
        "history": [
            {
                "seq": 1,
                "type": "account.created",
                "at": "2026-12-05T05:32:03.298216Z",
                "hash": ("a7cfe96d3292601d659b40cf7b18c8116d9791d0ed34231b94a381e1ac429afb"),
                "data": {"account_id": "0cc175b9c0f1b6a831c399e269772661"},
                "proof": {
                    "format": 2,
                    "seq": 1,
                    "type": "account.created",
                    "created_at": "2026-12-05T05:32:03.298216+00:00",
                    "payload": '{"account_id":"0cc175b9c0f1b6a831c399e269772661"}',
                    "salt": "55a40bdea54a381e6f4f675d095934dc",
                    "payload_hash": (
                        "efd6048ff6404e45b31a208e50fb1e8323738a0071ed74c9da73e449f427a972"
                    ),
                    "leaf": ("3a13fc350a8dd5c328a8511bcb2b9d27bca4be3ead4039d410727feffbd40e9c"),
                    "prev_hash": (
                        "0000000000000000000000000000000000000000000000000000000000000000"
                    ),
                    "hash": ("a7cfe96d3292601d659b40cf7b18c8116d9791d0ed34231b94a381e1ac429afb"),
                },
            }
        ],
        "sign_ins": [
            {
                "created_at": "2026-12-05T05:32:03.300776Z",
                "expires_at": "2027-01-04T05:32:04.064171Z",
                "revoked_at": None,
            }
        ],
    }
)

# GET /v1/org/exports/{dataset}
EXPORT_DATASET = examples(
    parameters={"dataset": "campaigns", "format": "json"},
    ok={
        "dataset": "campaigns",
        "columns": ["campaign_id", "name", "join_code", "created_at", "closed_at", "members"],
        "rows": [
            {
                "campaign_id": "c9f0f895fb98ab9159f51fd0297e236d",
                "name": "Object before the deadline",
                "join_code": "k3q2m5x7c9v4b6n8z1l0p2r4t6",
                "created_at": "2026-12-05T05:32:03.435449+00:00",
                "closed_at": None,
                "members": 1,
            }
        ],
    },
    # The CSV has the JSON's columns, in their order (api/exports/organisation.py COLUMNS).
    text=(
        "campaign_id,name,join_code,created_at,closed_at,members\n"
        "c9f0f895fb98ab9159f51fd0297e236d,Object before the deadline,"
        "k3q2m5x7c9v4b6n8z1l0p2r4t6,2026-12-05T05:32:03.435449+00:00,,1\n"
    ),
)
