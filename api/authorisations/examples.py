"""What the API docs show for the authorisations operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# POST /v1/me/authorisations
AUTHORISE = examples(
    request={"organisation_id": "8f14e45fceea167a5a36dedd4bea2543"},
    ok={
        "organisation": {"id": "8f14e45fceea167a5a36dedd4bea2543", "name": "Digital Rights Now"},
        "authorised_at": "2026-12-05T05:32:03.411314Z",
    },
    created={
        "organisation": {"id": "8f14e45fceea167a5a36dedd4bea2543", "name": "Digital Rights Now"},
        "authorised_at": "2026-12-05T05:32:03.411314Z",
    },
)

# GET /v1/me/authorisations
LIST_AUTHORISATIONS = examples(
    ok=[
        {
            "organisation": {
                "id": "8f14e45fceea167a5a36dedd4bea2543",
                "name": "Digital Rights Now",
            },
            "authorised_at": "2026-12-05T05:32:03.411314Z",
        }
    ]
)

# DELETE /v1/me/authorisations/{organisation_id}
REVOKE = examples(parameters={"organisation_id": "8f14e45fceea167a5a36dedd4bea2543"})

# GET /v1/org/members
LIST_MEMBERS = examples(
    parameters={"limit": 100},
    ok={
        "members": [
            {
                "member_id": "5df0b1df080745f2bd4358c9413023aa",
                "authorised_at": "2026-12-05T05:32:03.411314Z",
                "accounts": [
                    {
                        "platform": "facebook",
                        "profile": None,
                        "objection": {
                            "state": "submitted",
                            "submitted_on": "2025-05-20",
                            "confirmed_on": None,
                            "withdrawn_on": None,
                        },
                    }
                ],
            }
        ],
        "next_after": None,
    },
)
