"""What the API docs show for the campaigns operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# POST /v1/me/campaigns
JOIN_CAMPAIGN = examples(
    request={"code": "k3q2m5x7c9v4b6n8z1l0p2r4t6"},
    created={
        "campaign_id": "c9f0f895fb98ab9159f51fd0297e236d",
        "name": "Object before the deadline",
        "organisation": {"id": "8f14e45fceea167a5a36dedd4bea2543", "name": "Digital Rights Now"},
        "joined_at": "2026-12-05T05:32:04.119276Z",
    },
    ok={
        "campaign_id": "c9f0f895fb98ab9159f51fd0297e236d",
        "name": "Object before the deadline",
        "organisation": {"id": "8f14e45fceea167a5a36dedd4bea2543", "name": "Digital Rights Now"},
        "joined_at": "2026-12-05T05:32:04.119276Z",
    },
)

# GET /v1/me/campaigns
LIST_MEMBERSHIPS = examples(
    ok=[
        {
            "campaign_id": "c9f0f895fb98ab9159f51fd0297e236d",
            "name": "Object before the deadline",
            "organisation": {
                "id": "8f14e45fceea167a5a36dedd4bea2543",
                "name": "Digital Rights Now",
            },
            "joined_at": "2026-12-05T05:32:03.452787Z",
        }
    ]
)

# DELETE /v1/me/campaigns/{campaign_id}
LEAVE_CAMPAIGN = examples(parameters={"campaign_id": "c9f0f895fb98ab9159f51fd0297e236d"})

# POST /v1/org/campaigns
CREATE_CAMPAIGN = examples(
    request={"name": "Object before the deadline"},
    created={
        "id": "c9f0f895fb98ab9159f51fd0297e236d",
        "name": "Object before the deadline",
        "join_code": "k3q2m5x7c9v4b6n8z1l0p2r4t6",
        "created_at": "2026-12-05T05:32:04.103607Z",
        "closed_at": None,
        "members": 0,
    },
)

# GET /v1/org/campaigns
LIST_CAMPAIGNS = examples(
    ok=[
        {
            "id": "c9f0f895fb98ab9159f51fd0297e236d",
            "name": "Object before the deadline",
            "join_code": "k3q2m5x7c9v4b6n8z1l0p2r4t6",
            "created_at": "2026-12-05T05:32:03.435449Z",
            "closed_at": None,
            "members": 1,
        }
    ]
)

# GET /v1/org/campaigns/{campaign_id}
READ_CAMPAIGN = examples(
    parameters={"campaign_id": "c9f0f895fb98ab9159f51fd0297e236d"},
    ok={
        "id": "c9f0f895fb98ab9159f51fd0297e236d",
        "name": "Object before the deadline",
        "join_code": "k3q2m5x7c9v4b6n8z1l0p2r4t6",
        "created_at": "2026-12-05T05:32:04.103607Z",
        "closed_at": None,
        "members": 0,
    },
)

# DELETE /v1/org/campaigns/{campaign_id}
CLOSE_CAMPAIGN = examples(
    parameters={"campaign_id": "c9f0f895fb98ab9159f51fd0297e236d"},
    ok={
        "id": "c9f0f895fb98ab9159f51fd0297e236d",
        "name": "Object before the deadline",
        "join_code": "k3q2m5x7c9v4b6n8z1l0p2r4t6",
        "created_at": "2026-12-05T05:32:04.103607Z",
        "closed_at": "2026-12-05T05:32:04.248347Z",
        "members": 0,
    },
)
