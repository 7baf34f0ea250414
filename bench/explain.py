"""Throughput of POST /v1/explain with 50 items against a bare FastAPI endpoint that accepts the
same body and answers a fixed document, both measured in the same run.

    python -m bench.explain [--seconds 5]

Target: explain ≥ 0.9× the bare endpoint: evaluation must cost almost nothing next to HTTP.
"""

import argparse
import itertools
import json
import random
from datetime import date

import httpx

from bench.databases import bench_database
from bench.harness import lua_body, uvicorn_process, wrk

KINDS = ["post", "post", "post", "comment", "comment", "reply", "photo", "video", "reel", "story"]
AUDIENCES = [
    "public",
    "public",
    "friends",
    "friends_of_friends",
    "only_me",
    "custom",
    "group_public",
    "group_private",
    "unknown",
    "followers",
]


def feed_items(count: int, seed: int = 7) -> list[dict[str, str]]:
    """A feed-like mix: mostly posts and comments, many audiences, dates over ten years."""
    rng = random.Random(seed)
    ids = itertools.count()
    return [
        {
            "id": f"item-{next(ids)}",
            "platform": rng.choice(["facebook", "facebook", "instagram"]),
            "kind": rng.choice(KINDS),
            "audience": rng.choice(AUDIENCES),
            "created_at": date(
                rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)
            ).isoformat(),
            "author": rng.choice(["self", "other"]),
            "author_age": rng.choice(["adult", "adult", "unknown"]),
        }
        for _ in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args()
    body = json.dumps({"region": "DE", "as_of": "2026-01-15", "items": feed_items(args.items)})
    json_headers = {"Content-Type": "application/json"}
    with (
        bench_database("sqlite") as database_url,
        uvicorn_process("bench.baseline_app:app") as bare,
        uvicorn_process(
            "api.main:create_app", {"AI_OPTOUT_DATABASE_URL": database_url}, factory=True
        ) as service,
    ):
        token = httpx.post(f"{service}/v1/accounts").json()["access_token"]
        check = httpx.post(f"{service}/v1/explain", content=body, headers=json_headers)
        assert check.status_code == 200 and len(check.json()["results"]) == args.items
        signed_in = {**json_headers, "Authorization": f"Bearer {token}"}
        httpx.post(f"{bare}/set-sized-answer", content=check.content)
        runs = [
            wrk(
                f"bare FastAPI POST, {args.items} items",
                f"{bare}/bare-explain",
                seconds=args.seconds,
                lua=lua_body("POST", body, json_headers),
            ),
            wrk(
                f"  the same, a fixed {len(check.content)} B answer",
                f"{bare}/bare-explain-sized",
                seconds=args.seconds,
                lua=lua_body("POST", body, json_headers),
            ),
            wrk(
                f"POST /v1/explain, {args.items} items",
                f"{service}/v1/explain",
                seconds=args.seconds,
                lua=lua_body("POST", body, json_headers),
            ),
            wrk(
                "  the same, signed in",
                f"{service}/v1/explain",
                seconds=args.seconds,
                lua=lua_body("POST", body, signed_in),
            ),
        ]
    baseline = runs[0]
    print(f"## single uvicorn worker, wrk -t1 -c16, {len(body)} byte body")
    for run in runs:
        print(run.row(None if run is baseline else baseline))
    ratio = runs[2].requests_per_second / baseline.requests_per_second
    print(f"explain/bare = {ratio:.2f} ({'meets' if ratio >= 0.9 else 'MISSES'} the ≥ 0.9 target)")


if __name__ == "__main__":
    main()
