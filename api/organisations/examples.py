"""What the API docs show for the organisations operations: realistic requests and answers,
runnable as shown (tests/ops/test_openapi_examples.py runs each one)."""

from api.examples import examples

# GET /v1/org
WHO_AM_I = examples(
    ok={
        "organisation": {
            "id": "8f14e45fceea167a5a36dedd4bea2543",
            "name": "Digital Rights Now",
            "created_at": "2026-12-05T05:32:03.315505Z",
        },
        "key": {
            "id": "fb1c60cd40d14adba41aa8c382d4afe4",
            "organisation_id": "8f14e45fceea167a5a36dedd4bea2543",
            "name": "google",
            "scopes": [
                "stats:read",
                "members:read",
                "campaigns:read",
                "campaigns:write",
                "webhooks:write",
                "checks:read",
                "exports:read",
            ],
            "created_at": "2026-12-05T05:32:03.320649Z",
            "last_used_at": "2026-12-05T05:32:03.426439Z",
            "revoked_at": None,
        },
    }
)

# POST /v1/admin/organisations
CREATE_ORGANISATION = examples(
    request={"name": "Digital Rights Now"},
    created={
        "id": "8f14e45fceea167a5a36dedd4bea2543",
        "name": "Digital Rights Now",
        "created_at": "2026-12-05T05:32:04.263888Z",
    },
)

# POST /v1/admin/organisations/{organisation_id}/keys
ISSUE_KEY = examples(
    request={"scopes": ["stats:read", "checks:read"], "name": "dashboard"},
    parameters={"organisation_id": "8f14e45fceea167a5a36dedd4bea2543"},
    created={
        "id": "d3d9446802a44259",
        "organisation_id": "8f14e45fceea167a5a36dedd4bea2543",
        "name": "dashboard",
        "scopes": ["stats:read", "checks:read"],
        "created_at": "2026-12-05T05:32:04.272634Z",
        "last_used_at": None,
        "revoked_at": None,
        "key": ("aoo_d3d9446802a44259__FDMFph8w9M7UK2mqLy0V0AWPv5fCaKjsal7SNBV-bU"),
    },
)

# DELETE /v1/admin/keys/{key_id}
REVOKE_KEY = examples(
    parameters={"key_id": "d3d9446802a44259"},
    ok={
        "id": "d3d9446802a44259",
        "organisation_id": "8f14e45fceea167a5a36dedd4bea2543",
        "name": "dashboard",
        "scopes": ["stats:read", "checks:read"],
        "created_at": "2026-12-05T05:32:04.272634Z",
        "last_used_at": None,
        "revoked_at": "2026-12-05T05:32:04.280152Z",
    },
)
