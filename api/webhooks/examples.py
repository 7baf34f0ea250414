"""What the API docs show for the webhooks operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# POST /v1/org/webhooks
SUBSCRIBE = examples(
    request={
        "url": "https://hooks.rightsnow.example.org/ai-optout",
        "events": ["member.authorised", "member.revoked"],
    },
    created={
        "id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
        "url": "https://hooks.rightsnow.example.org/ai-optout",
        "events": ["member.authorised", "member.revoked"],
        "created_at": "2026-12-05T05:32:04.176390Z",
        "previous_secret_until": None,
        "secret": "whsec_yQyB+rAJa436vdfsXN++aiIUVD2AFNpzukHP/dC5IcU=",
    },
)

# GET /v1/org/webhooks
LIST_ENDPOINTS = examples(
    ok=[
        {
            "id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
            "url": "https://hooks.example.org/google",
            "events": ["member.authorised"],
            "created_at": "2026-12-05T05:32:03.489781Z",
            "previous_secret_until": None,
        }
    ]
)

# DELETE /v1/org/webhooks/{endpoint_id}
UNSUBSCRIBE = examples(parameters={"endpoint_id": "45c48cce2e2d7fbdea1afc51c7c6ad26"})

# GET /v1/org/webhooks/{endpoint_id}/deliveries
LIST_DELIVERIES = examples(
    parameters={"endpoint_id": "45c48cce2e2d7fbdea1afc51c7c6ad26", "limit": 20},
    ok={
        "messages": [
            {
                "id": "msg_2f1b8c3d9e7a4b6c8d0e1f2a3b4c5d6e",
                "type": "webhook.test",
                "status": "pending",
                "created_at": "2026-12-05T05:32:04.188012Z",
                "next_attempt_at": "2026-12-05T05:32:04.188012Z",
                "delivered_at": None,
                "attempts": [],
            }
        ]
    },
)

# POST /v1/org/webhooks/{endpoint_id}/test
SEND_TEST = examples(
    parameters={"endpoint_id": "45c48cce2e2d7fbdea1afc51c7c6ad26"},
    accepted={
        "id": "msg_2f1b8c3d9e7a4b6c8d0e1f2a3b4c5d6e",
        "type": "webhook.test",
        "status": "pending",
        "created_at": "2026-12-05T05:32:04.188012Z",
        "next_attempt_at": "2026-12-05T05:32:04.188012Z",
        "delivered_at": None,
        "attempts": [],
    },
)

# POST /v1/org/webhooks/{endpoint_id}/deliveries/{message_id}/redeliver
REDELIVER = examples(
    parameters={
        "endpoint_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
        "message_id": "msg_2f1b8c3d9e7a4b6c8d0e1f2a3b4c5d6e",
    },
    accepted={
        "id": "msg_2f1b8c3d9e7a4b6c8d0e1f2a3b4c5d6e",
        "type": "webhook.test",
        "status": "pending",
        "created_at": "2026-12-05T05:32:04.188012Z",
        "next_attempt_at": "2026-12-05T05:32:04.209536Z",
        "delivered_at": None,
        "attempts": [],
    },
)

# POST /v1/org/webhooks/{endpoint_id}/secret
ROTATE_SECRET = examples(
    parameters={"endpoint_id": "45c48cce2e2d7fbdea1afc51c7c6ad26"},
    ok={
        "id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
        "secret": "whsec_Xzc+cqU3DSFsPLQFmcSDaZo6BVbjU/59OF0BlRALDNg=",
        "previous_secret_until": "2026-12-06T05:32:04.217430Z",
    },
)
