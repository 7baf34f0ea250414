"""What the API docs show for page reports: a report as the extension sends it (shapes and
counts only) and the operator's grouped list, runnable as shown."""

from api.examples import examples

_SHAPE = {
    "t": "body",
    "k": ["class"],
    "c": [
        {
            "t": "div",
            "r": "feed",
            "k": ["role"],
            "c": [
                {
                    "t": "div",
                    "k": ["aria-posinset", "aria-describedby"],
                    "n": 3,
                    "c": [
                        {"t": "h3", "c": [{"t": "a", "k": ["href"], "h": "profile", "x": 1}]},
                        {"t": "a", "k": ["href", "attributionsrc"], "h": "post", "x": 1},
                        {"t": "span", "k": ["aria-label"], "x": 1},
                        {"t": "img", "k": ["alt", "src"]},
                    ],
                }
            ],
        }
    ],
}
_FOUND = {
    "items": 2,
    "kinds": {"post": 2},
    "audiences": {"public": 1, "unknown": 1},
    "authors": {"other": 2},
    "dated": 2,
    "skipped": {"sponsored": 1},
}

# POST /v1/page-reports
SEND_REPORT = examples(
    request={
        "rules_version": 2026120501,
        "platform": "facebook",
        "path_shape": "/groups/*",
        "shape": _SHAPE,
        "found": _FOUND,
    },
    accepted={
        "id": "5b1e0c9d7a2f4e3c8d6b1a0f9e8d7c6b",
        "received_at": "2026-12-05T06:12:40.118204Z",
        "shape_hash": "9c1b6f0e3d2a4b5c8e7f6a1d0c9b8e7f6a5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b",
    },
)

# GET /v1/admin/page-reports
LIST_REPORTS = examples(
    parameters={"rules_version": 2026120501, "platform": "facebook", "limit": 100, "offset": 0},
    ok={
        "groups": [
            {
                "rules_version": 2026120501,
                "platform": "facebook",
                "path_shape": "/groups/*",
                "shape_hash": "9c1b6f0e3d2a4b5c8e7f6a1d0c9b8e7f6a5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b",
                "reports": 1,
                "first_at": "2026-12-05T06:12:40.118204Z",
                "last_at": "2026-12-05T06:12:40.118204Z",
                "found": _FOUND,
                "example_id": "5b1e0c9d7a2f4e3c8d6b1a0f9e8d7c6b",
            }
        ],
        "next_offset": None,
    },
)
