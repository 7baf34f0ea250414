"""What the API docs show for the receipts operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# GET /v1/me/receipts
LIST_RECEIPTS = examples(
    parameters={"limit": 20},
    ok={
        "receipts": [
            {
                "id": "3c1bb746f451457eb299c4ed6c80d629",
                "jws": (
                    "eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoiZDY5NGE5MmZkYWI4NGRkZCIsInR5"
                    "cCI6Im9wdG91dC1yZWNlaXB0K2p3cyJ9.eyJhY2NvdW50cyI6W3siY29uZml"
                    "ybWVkX29uIjpudWxsLCJvYmplY3Rpb24iOiJzdWJtaXR0ZWQiLCJwbGF0Zm9"
                    "ybSI6ImZhY2Vib29rIiwicHJvZmlsZSI6ImphbmUuZG9lIiwic3VibWl0dGV"
                    "kX29uIjoiMjAyNS0wNS0yMCJ9LHsiY29uZmlybWVkX29uIjpudWxsLCJvYmp"
                    "lY3Rpb24iOiJub3Rfc3RhcnRlZCIsInBsYXRmb3JtIjoiaW5zdGFncmFtIiw"
                    "icHJvZmlsZSI6ImphbmVfZG9lIiwic3VibWl0dGVkX29uIjpudWxsfV0sImF"
                    "jdGlvbiI6ImNoYW5nZWQiLCJjaGFuZ2VzIjpbeyJmaWVsZCI6ImFjY291bnR"
                    "zW2ZhY2Vib29rOmphbmUuZG9lXS5vYmplY3Rpb24uc3RhdGUiLCJmcm9tIjo"
                    "icmVhZHkiLCJ0byI6InN1Ym1pdHRlZCJ9LHsiZmllbGQiOiJhY2NvdW50c1t"
                    "mYWNlYm9vazpqYW5lLmRvZV0ub2JqZWN0aW9uLnN1Ym1pdHRlZF9vbiIsImZ"
                    "yb20iOm51bGwsInRvIjoiMjAyNS0wNS0yMCJ9XSwiZXZlbnQiOnsiaGFzaCI"
                    "6ImViZTljYWJkMjg4MjlhYWQ4YjZmNzc3OTkxYmM0ZDk3OTFkYmNmOTUyMTl"
                    "jZjU4MzYzYzIyYjk5MTI1MTBmMTEiLCJzZXEiOjEzfSwiaWF0IjoxNzk2NDQ"
                    "4NzIzLCJpc3MiOiJhaS1vcHRvdXQiLCJqdGkiOiIzYzFiYjc0NmY0NTE0NTd"
                    "lYjI5OWM0ZWQ2YzgwZDYyOSIsInBvbGljeV92ZXJzaW9uIjoibWV0YS1ldS0"
                    "yMDI1LTA1LTI3IiwicmVnaW9uIjoiREUiLCJzY29wZSI6ImFsbCIsInN1YiI"
                    "6ImFlNzQ2OGYwZDQ3MTgxZWYxY2M3Y2M1ZjdiMTM4ZTU3MTllZTg4ZWRkMDZ"
                    "mMzExYzkxNmI1YTU0YTRjNzc5NzIifQ.-oMHDqibvYdtxhqVPLOoXhywmyte"
                    "JiMhFjEjG4BLEBERik1opZl30RKsOXj_gB33okVuN-RNObJb9ceAL9j-DA"
                ),
                "event_hash": ("ebe9cabd28829aad8b6f777991bc4d9791dbcf95219cf58363c22b9912510f11"),
                "position": 13,
                "action": "changed",
                "created_at": "2026-12-05T05:32:03.817306Z",
                "event": {
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

# GET /v1/me/receipts/{receipt_id}
READ_RECEIPT = examples(
    parameters={"receipt_id": "9bf31c7ff062936a96d3c8bd1f8f2ff3"},
    ok={
        "id": "9bf31c7ff062936a96d3c8bd1f8f2ff3",
        "jws": (
            "eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoiZDY5NGE5MmZkYWI4NGRkZCIsInR5"
            "cCI6Im9wdG91dC1yZWNlaXB0K2p3cyJ9.eyJhY2NvdW50cyI6W3siY29uZml"
            "ybWVkX29uIjpudWxsLCJvYmplY3Rpb24iOiJzdWJtaXR0ZWQiLCJwbGF0Zm9"
            "ybSI6ImZhY2Vib29rIiwicHJvZmlsZSI6Im93bmVyNjUzNzllZTA5OGRlIiw"
            "ic3VibWl0dGVkX29uIjoiMjAyNS0wNS0yMCJ9LHsiY29uZmlybWVkX29uIjp"
            "udWxsLCJvYmplY3Rpb24iOiJub3Rfc3RhcnRlZCIsInBsYXRmb3JtIjoiaW5"
            "zdGFncmFtIiwicHJvZmlsZSI6Im93bmVyNjUzNzllZTA5OGRlIiwic3VibWl"
            "0dGVkX29uIjpudWxsfV0sImFjdGlvbiI6ImNoYW5nZWQiLCJjaGFuZ2VzIjp"
            "beyJmaWVsZCI6ImFjY291bnRzW2ZhY2Vib29rOm93bmVyNjUzNzllZTA5OGR"
            "lXS5vYmplY3Rpb24uc3RhdGUiLCJmcm9tIjoibm90X3N0YXJ0ZWQiLCJ0byI"
            "6InN1Ym1pdHRlZCJ9LHsiZmllbGQiOiJhY2NvdW50c1tmYWNlYm9vazpvd25"
            "lcjY1Mzc5ZWUwOThkZV0ub2JqZWN0aW9uLnN1Ym1pdHRlZF9vbiIsImZyb20"
            "iOm51bGwsInRvIjoiMjAyNS0wNS0yMCJ9XSwiZXZlbnQiOnsiaGFzaCI6ImI"
            "yYTIwM2Q4ZmMzODczNTNlZGQwY2E0MjY2NjZmMzc0ZTkzZDRkMzg3MGU4MDZ"
            "hOWJlZjI0NDlmYzQ1NDgwNTIiLCJzZXEiOjR9LCJpYXQiOjE3OTY0NDg3MjM"
            "sImlzcyI6ImFpLW9wdG91dCIsImp0aSI6ImQ2MjQ3OTFmYmY0NjQ2NzViMzc"
            "xZDU0NTgzNTJlNWMwIiwicG9saWN5X3ZlcnNpb24iOiJtZXRhLWV1LTIwMjU"
            "tMDUtMjciLCJyZWdpb24iOiJERSIsInNjb3BlIjoiYWxsIiwic3ViIjoiYWU"
            "3NDY4ZjBkNDcxODFlZjFjYzdjYzVmN2IxMzhlNTcxOWVlODhlZGQwNmYzMTF"
            "jOTE2YjVhNTRhNGM3Nzk3MiJ9.4od5Zw_n35UuFtOIt8eMmMil4CKYnZ_XIF"
            "7Hc9jgeMVlH765xhw1bIJsuyC6I2RqRAdNfoReRQXe0q_TUUlwAw"
        ),
        "event_hash": ("b2a203d8fc387353edd0ca426666f374e93d4d3870e806a9bef2449fc4548052"),
        "position": 4,
        "action": "changed",
        "created_at": "2026-12-05T05:32:03.402774Z",
        "event": {
            "format": 2,
            "seq": 4,
            "type": "preferences.changed",
            "created_at": "2026-12-05T05:32:03.402016+00:00",
            "payload": (
                '{"account_id":"0cc175b9c0f1b6a831c399e269772661","accounts":'
                '[{"objection":{"confirmed_on":null,"rejected_reason":null,"s'
                'tate":"submitted","submitted_on":"2025-05-20"},"platform":"f'
                'acebook","profile":"jane.doe","profile_url":"https://www.fac'
                'ebook.com/jane.doe/"},{"objection":{"confirmed_on":null,"rej'
                'ected_reason":null,"state":"not_started","submitted_on":null'
                '},"platform":"instagram","profile":"jane.doe","profile_url":'
                '"https://www.instagram.com/jane.doe/"}],"changes":[{"field":'
                '"accounts[facebook:jane.doe].objection.state","from":"not_st'
                'arted","to":"submitted"},{"field":"accounts[facebook:jane.do'
                'e].objection.submitted_on","from":null,"to":"2025-05-20"}],"'
                'listed":false,"region":"DE","scope":"all","updated_at":"2026'
                '-12-05T05:32:03.401045Z","version":3}'
            ),
            "salt": "9df389e5be62d06086ef0fae7ffbd4b6",
            "payload_hash": ("e3d27b16a82238ed42eae6416adb64cb3c18ea20a4aed7612c0b521215e1e237"),
            "leaf": ("dcad0ac0de4dde0dc02564c02acfa2b9e3651a28adacd19fe820f23a3b6159be"),
            "prev_hash": ("f24dbc74e4dba569dd6001b2f6f7e37aa15f43d4890a8492e5580b0fb5638629"),
            "hash": ("b2a203d8fc387353edd0ca426666f374e93d4d3870e806a9bef2449fc4548052"),
        },
    },
)

# POST /v1/receipts/verify
VERIFY_RECEIPT = examples(
    request={
        "receipt": (
            "eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoiZDY5NGE5MmZkYWI4NGRkZCIsInR5"
            "cCI6Im9wdG91dC1yZWNlaXB0K2p3cyJ9.eyJhY2NvdW50cyI6W3siY29uZml"
            "ybWVkX29uIjpudWxsLCJvYmplY3Rpb24iOiJzdWJtaXR0ZWQiLCJwbGF0Zm9"
            "ybSI6ImZhY2Vib29rIiwicHJvZmlsZSI6Im93bmVyNjUzNzllZTA5OGRlIiw"
            "ic3VibWl0dGVkX29uIjoiMjAyNS0wNS0yMCJ9LHsiY29uZmlybWVkX29uIjp"
            "udWxsLCJvYmplY3Rpb24iOiJub3Rfc3RhcnRlZCIsInBsYXRmb3JtIjoiaW5"
            "zdGFncmFtIiwicHJvZmlsZSI6Im93bmVyNjUzNzllZTA5OGRlIiwic3VibWl"
            "0dGVkX29uIjpudWxsfV0sImFjdGlvbiI6ImNoYW5nZWQiLCJjaGFuZ2VzIjp"
            "beyJmaWVsZCI6ImFjY291bnRzW2ZhY2Vib29rOm93bmVyNjUzNzllZTA5OGR"
            "lXS5vYmplY3Rpb24uc3RhdGUiLCJmcm9tIjoibm90X3N0YXJ0ZWQiLCJ0byI"
            "6InN1Ym1pdHRlZCJ9LHsiZmllbGQiOiJhY2NvdW50c1tmYWNlYm9vazpvd25"
            "lcjY1Mzc5ZWUwOThkZV0ub2JqZWN0aW9uLnN1Ym1pdHRlZF9vbiIsImZyb20"
            "iOm51bGwsInRvIjoiMjAyNS0wNS0yMCJ9XSwiZXZlbnQiOnsiaGFzaCI6ImI"
            "yYTIwM2Q4ZmMzODczNTNlZGQwY2E0MjY2NjZmMzc0ZTkzZDRkMzg3MGU4MDZ"
            "hOWJlZjI0NDlmYzQ1NDgwNTIiLCJzZXEiOjR9LCJpYXQiOjE3OTY0NDg3MjM"
            "sImlzcyI6ImFpLW9wdG91dCIsImp0aSI6ImQ2MjQ3OTFmYmY0NjQ2NzViMzc"
            "xZDU0NTgzNTJlNWMwIiwicG9saWN5X3ZlcnNpb24iOiJtZXRhLWV1LTIwMjU"
            "tMDUtMjciLCJyZWdpb24iOiJERSIsInNjb3BlIjoiYWxsIiwic3ViIjoiYWU"
            "3NDY4ZjBkNDcxODFlZjFjYzdjYzVmN2IxMzhlNTcxOWVlODhlZGQwNmYzMTF"
            "jOTE2YjVhNTRhNGM3Nzk3MiJ9.4od5Zw_n35UuFtOIt8eMmMil4CKYnZ_XIF"
            "7Hc9jgeMVlH765xhw1bIJsuyC6I2RqRAdNfoReRQXe0q_TUUlwAw"
        )
    },
    ok={
        "valid": True,
        "reason": None,
        "claims": {
            "accounts": [
                {
                    "confirmed_on": None,
                    "objection": "submitted",
                    "platform": "facebook",
                    "profile": "jane.doe",
                    "submitted_on": "2025-05-20",
                    "withdrawn_on": None,
                }
            ],
            "action": "changed",
            "changes": [
                {
                    "field": "accounts[facebook:jane.doe].objection.state",
                    "from": "not_started",
                    "to": "submitted",
                }
            ],
            "event": {
                "hash": ("b2a203d8fc387353edd0ca426666f374e93d4d3870e806a9bef2449fc4548052"),
                "seq": 4,
            },
            "iat": 1796448723,
            "iss": "ai-optout",
            "jti": "9bf31c7ff062936a96d3c8bd1f8f2ff3",
            "policy_version": "meta-eu-2025-05-27",
            "region": "DE",
            "scope": "all",
            "sub": ("ae7468f0d47181ef1cc7cc5f7b138e5719ee88edd06f311c916b5a54a4c77972"),
        },
        "kid": "d694a92fdab84ddd",
        "log": "matches",
    },
)

# GET /v1/ledger/head
CHAIN_READ_HEAD = examples(
    ok={"seq": 13, "hash": ("ebe9cabd28829aad8b6f777991bc4d9791dbcf95219cf58363c22b9912510f11")}
)

# GET /v1/ledger/proof/{seq}
CHAIN_READ_PROOF = examples(
    parameters={"seq": 1, "limit": 1000},
    ok={
        "start": 1,
        "head": {
            "seq": 13,
            "hash": ("ebe9cabd28829aad8b6f777991bc4d9791dbcf95219cf58363c22b9912510f11"),
        },
        "events": [
            {
                "format": 2,
                "seq": 1,
                "prev_hash": ("0000000000000000000000000000000000000000000000000000000000000000"),
                "leaf": ("3a13fc350a8dd5c328a8511bcb2b9d27bca4be3ead4039d410727feffbd40e9c"),
                "hash": ("a7cfe96d3292601d659b40cf7b18c8116d9791d0ed34231b94a381e1ac429afb"),
            }
        ],
        "next": None,
    },
)
