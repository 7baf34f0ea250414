"""What the API docs show for the accounts operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# POST /v1/auth/refresh
REFRESH = examples(
    request={
        "refresh_token": (
            "6512bd43d9caa6e02c990b0a82652dca.Zk3p9QmV2xYt7LrN4sWc8HbJ1fDa5KeG0uTiRoPz"
        )
    },
    ok={
        "account_id": "0cc175b9c0f1b6a831c399e269772661",
        "access_token": (
            "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFZDI1NTE5Iiwia2lkIjoiZDY5NGE5"
            "MmZkYWI4NGRkZCJ9.eyJpc3MiOiJhaS1vcHRvdXQiLCJzdWIiOiIxYjJjMzA"
            "2NDQwMDE0OTg0YTE0OTc4ZWQ1NTFjZGEyMyIsInNpZCI6ImZhNWE0YzFiMTI"
            "1MDQ3MTBhNWNjNGM0NjFlMTRjM2I0IiwiaWF0IjoxNzk2NDQ4NzI0LCJleHA"
            "iOjE3OTY0NDk2MjR9.aFbyLluYKwuzK3nZkjdU2ejc5TWrb3QWmgUdUPL7ZP"
            "kIaTrH8vFzCeZ9vKaYdlhC6dPj9IFtae4IUDymYRkuAw"
        ),
        "refresh_token": (
            "fa5a4c1b12504710a5cc4c461e14c3b4.HhE0-8YmFq-iIg7Ilr5yHsizD5T-15SbAlp_DSzGemQ"
        ),
        "token_type": "Bearer",
        "expires_in": 900,
    },
)

# POST /v1/auth/sign-out
SIGN_OUT = examples()

# GET /v1/me/sessions
LIST_SIGN_INS = examples(
    ok=[
        {
            "id": "fa5a4c1b12504710a5cc4c461e14c3b4",
            "label": None,
            "created_at": "2026-12-05T05:32:03.300776Z",
            "last_used_at": None,
            "expires_at": "2027-01-04T05:32:03.300597Z",
            "current": True,
        }
    ]
)

# DELETE /v1/me/sessions/{session_id}
END_SIGN_IN = examples(parameters={"session_id": "6512bd43d9caa6e02c990b0a82652dca"})
