"""What the API docs show for the oidc operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# GET /v1/auth/oidc/providers
PROVIDERS = examples(ok={"providers": []})

# POST /v1/auth/oidc/{provider}/start
START = examples(
    ok={
        "authorization_url": "https://accounts.google.com/o/oauth2/v2/auth?response_type=code"
        "&client_id=ai-optout.apps.googleusercontent.com&redirect_uri=https%3A%2F%2Foptout"
        ".example.org%2Foidc%2Fcallback&scope=openid&state=oJ2bQ9kz4Xw7Lr1sVt5nYc8fHm3pDe6a"
        "&nonce=Vb3kQ9sX2mT7yLr4&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        "&code_challenge_method=S256",
        "state": "oJ2bQ9kz4Xw7Lr1sVt5nYc8fHm3pDe6a",
        "expires_in": 600,
    },
    request={"purpose": "link", "redirect_uri": "https://optout.example.org/oidc/callback"},
    parameters={"provider": "google"},
)

# POST /v1/auth/oidc/{provider}/finish
FINISH = examples(
    ok={
        "id": "c20ad4d76fe97759aa27a0c99bff6710",
        "provider": "google",
        "issuer": "https://accounts.google.com",
        "created_at": "2026-01-15T09:31:12.402113Z",
        "last_used_at": None,
    },
    request={"code": "4/0AQlEd8x3kT9vQ", "state": "oJ2bQ9kz4Xw7Lr1sVt5nYc8fHm3pDe6a"},
    parameters={"provider": "google"},
)

# GET /v1/me/oidc-identities
LIST_IDENTITIES = examples(
    ok={
        "identities": [
            {
                "id": "c20ad4d76fe97759aa27a0c99bff6710",
                "provider": "google",
                "issuer": "https://accounts.google.com",
                "created_at": "2026-12-05T05:32:03.636429Z",
                "last_used_at": None,
            }
        ]
    }
)

# DELETE /v1/me/oidc-identities/{identity_id}
UNLINK = examples(parameters={"identity_id": "c20ad4d76fe97759aa27a0c99bff6710"})
