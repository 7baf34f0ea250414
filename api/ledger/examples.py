"""What the API docs show for the ledger operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# GET /v1/me/history
READ_HISTORY = examples(
    parameters={"limit": 20},
    ok={
        "entries": [
            {
                "seq": 13,
                "type": "preferences.changed",
                "at": "2026-12-05T05:32:03.816582Z",
                "hash": ("ebe9cabd28829aad8b6f777991bc4d9791dbcf95219cf58363c22b9912510f11"),
                "data": {
                    "account_id": "0cc175b9c0f1b6a831c399e269772661",
                    "accounts": [
                        {
                            "objection": {
                                "confirmed_on": None,
                                "rejected_reason": None,
                                "withdrawn_on": None,
                                "state": "submitted",
                                "submitted_on": "2025-05-20",
                            },
                            "platform": "facebook",
                            "profile": "jane.doe",
                            "profile_url": "https://www.facebook.com/jane.doe/",
                            "accounts_center": False,
                        }
                    ],
                    "changes": [
                        {
                            "field": "accounts[facebook:jane.doe].objection.state",
                            "from": "ready",
                            "to": "submitted",
                        }
                    ],
                    "listed": True,
                    "region": "DE",
                    "scope": "all",
                    "updated_at": "2026-12-05T05:32:03.815811Z",
                    "version": 7,
                },
                "proof": {
                    "format": 2,
                    "seq": 13,
                    "type": "preferences.changed",
                    "created_at": "2026-12-05T05:32:03.816582+00:00",
                    "payload": (
                        '{"account_id":"0cc175b9c0f1b6a831c399e269772661","accounts":'
                        '[{"objection":{"confirmed_on":null,"rejected_reason":null,"s'
                        'tate":"submitted","submitted_on":"2025-05-20"},"platform":"f'
                        'acebook","profile":"jane.doe","profile_url":"https://www.fac'
                        'ebook.com/jane.doe/"},{"objection":{"confirmed_on":null,"rej'
                        'ected_reason":null,"state":"not_started","submitted_on":null'
                        '},"platform":"instagram","profile":"jane_doe","profile_url":'
                        '"https://www.instagram.com/jane_doe/"}],"changes":[{"field":'
                        '"accounts[facebook:jane.doe].objection.state","from":"ready"'
                        ',"to":"submitted"},{"field":"accounts[facebook:jane.doe].obj'
                        'ection.submitted_on","from":null,"to":"2025-05-20"}],"listed'
                        '":true,"region":"DE","scope":"all","updated_at":"2026-12-05T'
                        '05:32:03.815811Z","version":7}'
                    ),
                    "salt": "e23002a71949c4fd4199ca55ac995875",
                    "payload_hash": (
                        "3fa9ebc70b2ad5a9120ffde824ab1b3b80597fa8938ec796e04a6a4b9fb09a83"
                    ),
                    "leaf": ("7d4db2d6fabb9b3b229078a48c7082ae9a5de95a62e0acc168e8f41b9cfefd61"),
                    "prev_hash": (
                        "67bdedd3548a8a84846e55a12a0ffea5ada3ada31a67a5403f57e2955feb12b3"
                    ),
                    "hash": ("ebe9cabd28829aad8b6f777991bc4d9791dbcf95219cf58363c22b9912510f11"),
                },
            }
        ],
        "next_before": None,
    },
)
