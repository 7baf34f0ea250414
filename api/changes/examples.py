"""What the API docs show for the changes operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# POST /v1/accounts
CREATE_ACCOUNT = examples(
    created={
        "account_id": "657ca86534464f74a7d8668f8cf5fd2f",
        "access_token": (
            "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFZDI1NTE5Iiwia2lkIjoiZDY5NGE5"
            "MmZkYWI4NGRkZCJ9.eyJpc3MiOiJhaS1vcHRvdXQiLCJzdWIiOiI2NTdjYTg"
            "2NTM0NDY0Zjc0YTdkODY2OGY4Y2Y1ZmQyZiIsInNpZCI6ImJiNjA2OGQ5Njl"
            "iMzRmNjE5NzI1NWUxMDIxOWQ5ZTdiIiwiaWF0IjoxNzk2NDQ4NzIzLCJleHA"
            "iOjE3OTY0NDk2MjN9.JKgwPkUD6iQE38QisswU7ndh4yTr35z-hMG573NyLg"
            "IQeI_mE9r5ATyoIbdeQUWCaHEcW8gP32zbcAU_TXZoCQ"
        ),
        "refresh_token": (
            "bb6068d969b34f6197255e10219d9e7b.Z3OfZ3ziY1RfVf2gg3FFg1XJ-Pa0Onxf60rItfdKtfs"
        ),
        "token_type": "Bearer",
        "expires_in": 900,
    }
)

# DELETE /v1/me
DELETE_ME = examples()

# PUT /v1/me/preferences
REPLACE_PREFERENCES = examples(
    request={
        "region": "DE",
        "accounts": [
            {"platform": "facebook", "profile": "jane.doe", "objection": {"state": "not_started"}},
            {"platform": "instagram", "profile": "jane_doe"},
        ],
        "scope": "all",
        "listed": False,
    },
    parameters={"if-match": 'W/"3-5d41402abc4b2a76"'},
    ok={
        "region": "DE",
        "accounts": [
            {
                "platform": "facebook",
                "profile": "jane.doe",
                "profile_url": "https://www.facebook.com/jane.doe/",
                "accounts_center": False,
                "objection": {
                    "state": "not_started",
                    "submitted_on": None,
                    "confirmed_on": None,
                    "rejected_reason": None,
                    "withdrawn_on": None,
                },
            }
        ],
        "scope": "all",
        "listed": False,
        "version": 4,
        "updated_at": "2026-12-05T05:32:03.769093Z",
        "receipt": {
            "id": "4f030736ee1b4691b641c1d8487f8f26",
            "jws": (
                "eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoiZDY5NGE5MmZkYWI4NGRkZCIsInR5"
                "cCI6Im9wdG91dC1yZWNlaXB0K2p3cyJ9.eyJhY2NvdW50cyI6W3siY29uZml"
                "ybWVkX29uIjpudWxsLCJvYmplY3Rpb24iOiJub3Rfc3RhcnRlZCIsInBsYXR"
                "mb3JtIjoiZmFjZWJvb2siLCJwcm9maWxlIjoiamFuZS5kb2UiLCJzdWJtaXR"
                "0ZWRfb24iOm51bGx9LHsiY29uZmlybWVkX29uIjpudWxsLCJvYmplY3Rpb24"
                "iOiJub3Rfc3RhcnRlZCIsInBsYXRmb3JtIjoiaW5zdGFncmFtIiwicHJvZml"
                "sZSI6ImphbmVfZG9lIiwic3VibWl0dGVkX29uIjpudWxsfV0sImFjdGlvbiI"
                "6ImNoYW5nZWQiLCJjaGFuZ2VzIjpbeyJmaWVsZCI6ImFjY291bnRzW2ZhY2V"
                "ib29rOmphbmUuZG9lXSIsImZyb20iOm51bGwsInRvIjoibm90X3N0YXJ0ZWQ"
                "ifSx7ImZpZWxkIjoiYWNjb3VudHNbZmFjZWJvb2s6b3duZXI2NTM3OWVlMDk"
                "4ZGVdIiwiZnJvbSI6InN1Ym1pdHRlZCIsInRvIjpudWxsfSx7ImZpZWxkIjo"
                "iYWNjb3VudHNbaW5zdGFncmFtOmphbmVfZG9lXSIsImZyb20iOm51bGwsInR"
                "vIjoibm90X3N0YXJ0ZWQifSx7ImZpZWxkIjoiYWNjb3VudHNbaW5zdGFncmF"
                "tOm93bmVyNjUzNzllZTA5OGRlXSIsImZyb20iOiJub3Rfc3RhcnRlZCIsInR"
                "vIjpudWxsfV0sImV2ZW50Ijp7Imhhc2giOiJiZjVkNDNjMWFmYjVkMzc2MDF"
                "mYTQzNjlhYjA5N2IwMjRlZGI4M2QyNjI1OGNjOGU3YzllMWNjNWY2OWViYjJ"
                "iIiwic2VxIjoxMH0sImlhdCI6MTc5NjQ0ODcyMywiaXNzIjoiYWktb3B0b3V"
                "0IiwianRpIjoiNGYwMzA3MzZlZTFiNDY5MWI2NDFjMWQ4NDg3ZjhmMjYiLCJ"
                "wb2xpY3lfdmVyc2lvbiI6Im1ldGEtZXUtMjAyNS0wNS0yNyIsInJlZ2lvbiI"
                "6IkRFIiwic2NvcGUiOiJhbGwiLCJzdWIiOiJhZTc0NjhmMGQ0NzE4MWVmMWN"
                "jN2NjNWY3YjEzOGU1NzE5ZWU4OGVkZDA2ZjMxMWM5MTZiNWE1NGE0Yzc3OTc"
                "yIn0.smj4hcQAw7sMBUNclBrojJJvMh73qZSazyaDgOWPk9L_BDyorMwfSOI"
                "uYBw_i7Go7glrZUwEx3nrr3Po9mMmDw"
            ),
            "event_hash": ("bf5d43c1afb5d37601fa4369ab097b024edb83d26258cc8e7c9e1cc5f69ebb2b"),
            "position": 10,
        },
    },
)

# PATCH /v1/me/preferences
PATCH_PREFERENCES = examples(
    request={"listed": True},
    parameters={"if-match": 'W/"3-5d41402abc4b2a76"'},
    ok={
        "region": "DE",
        "accounts": [
            {
                "platform": "facebook",
                "profile": "jane.doe",
                "profile_url": "https://www.facebook.com/jane.doe/",
                "accounts_center": False,
                "objection": {
                    "state": "not_started",
                    "submitted_on": None,
                    "confirmed_on": None,
                    "rejected_reason": None,
                    "withdrawn_on": None,
                },
            }
        ],
        "scope": "all",
        "listed": True,
        "version": 5,
        "updated_at": "2026-12-05T05:32:03.784677Z",
        "receipt": None,
    },
)
