"""What the API docs show for the checks operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# POST /v1/checks
BULK_CHECK = examples(
    request={"platform": "instagram", "ids": ["jane_doe", "mark.rivera"]},
    ok={
        "checked": 2,
        "listed": [
            {
                "index": 0,
                "platform": "instagram",
                "profile": "jane_doe",
                "ai_preferences": "train-ai=n",
            }
        ],
        "invalid": [],
    },
)
