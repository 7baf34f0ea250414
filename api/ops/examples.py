"""What the API docs show for the ops operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# GET /healthz
HEALTHZ = examples(ok={"status": "ok"})

# GET /readyz
READYZ = examples(
    ok={
        "status": "ready",
        "database": "sqlite",
        "revision": "b2c3d4e5f6a6",
        "checks": {"slots": "ok", "database": "ok", "migrations": "ok", "storage": "ok"},
    }
)

# GET /metrics
METRICS = examples(
    text=(
        "# HELP ai_optout_http_requests_total HTTP requests answered\n"
        "# TYPE ai_optout_http_requests_total counter\n"
        'ai_optout_http_requests_total{method="POST",route="/v1/accou'
        'nts",status="201"} 2.0\n'
        'ai_optout_http_requests_total{method="GET",route="/v1/me/pre'
        'ferences",status="200"} 1.0\n'
        'ai_optout_http_requests_total{method="PUT",route="/v1/me/pre'
        'ferences",status="200"} 1.0\n'
        'ai_optout_http_requests_total{method="POST",route="/v1/me/ob'
        'jections/{platform}/steps",status="200"} 1.0\n'
        'ai_optout_http_requests_total{method="POST",route="/v1/me/au'
        'thorisations",status="201"} 1.0\n'
        'ai_optout_http_requests_total{method="POST",route="/v1/org/c'
        'ampaigns",status="201"} 1.0\n'
        'ai_optout_http_requests_total{method="POST",route="/v1/me/ca'
        'mpaigns",status="201"} 1.0\n'
        'ai_optout_http_requests_total{method="POST",route="/v1/org/w'
        'ebhooks",status="201"} 1.0\n'
        'ai_optout_http_requests_total{method="POST",route="/v1/org/w'
        'ebhooks/{endpoint_id}/test",status="202"} 1.0\n'
        'ai_optout_http_requests_total{method="GET",route="/v1/me/rec'
        'eipts",status="200"} 1.0\n'
    )
)

# GET /.well-known/jwks.json
JWKS = examples(
    ok={
        "keys": [
            {
                "crv": "Ed25519",
                "x": "nyqCn_T4y-wef1AnYybHjPBSzhuOXPulOu686nR8VWw",
                "kid": "d694a92fdab84ddd",
                "alg": "Ed25519",
                "use": "sig",
                "kty": "OKP",
            }
        ]
    }
)
