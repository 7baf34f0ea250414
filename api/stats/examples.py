"""What the API docs show for the stats operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# GET /v1/org/stats
READ_STATISTICS = examples(
    parameters={"by": ["platform"], "country": "DE"},
    ok={
        "by": ["platform"],
        "weeks": [],
        "cells": [
            {"platform": "facebook", "country": None, "week": None, "state": None, "count": 5}
        ],
        "total": 1,
        "privacy": {
            "epsilon_spent": 0.25,
            "epsilon_left": 0.75,
            "epsilon_per_period": 1.0,
            "renews_at": "2027-01-04T05:32:04.130565Z",
            "released_at": "2026-12-05T05:32:04.130565Z",
            "mechanism": "discrete Laplace (OpenDP make_laplace on integer counts)",
            "noise_scale": 4.0,
            "margin_95": 12,
        },
    },
)
