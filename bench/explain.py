"""Throughput of POST /v1/explain with 50 items against a bare FastAPI endpoint that parses the
same body with Pydantic (FastAPI's generic path) and answers a fixed small document, in
alternating rounds (bare, explain, bare, explain…) on one machine in one run.

    python -m bench.explain [--seconds 3] [--rounds 7] [--items 50]

Target: explain ≥ 1.0× the bare endpoint (stretch ≥ 1.2×): parsing leanly from the raw bytes,
evaluating and serialising the answer once must cost no more than FastAPI's generic parsing.
The spread between rounds is as large as the gap, so the median and the min–max over rounds
are reported. Explain reads no database unless signed in; the signed-in variant runs on the
database given (SQLite by default, `--backend postgresql` or `both`).
"""

import argparse
import itertools
import json
import random
from collections.abc import Callable
from datetime import date

import httpx

from bench.databases import bench_database
from bench.harness import UNLIMITED_ADDRESS, Result, alternate, lua_body, uvicorn_process, wrk

TARGET = 1.0
STRETCH = 1.2
KINDS = ["post", "post", "post", "comment", "comment", "reply", "photo", "video", "reel", "story"]
# Only audiences each platform has (the service refuses the others).
AUDIENCES = {
    "facebook": [
        *("public", "public", "friends", "friends_of_friends", "only_me", "custom"),
        *("group_public", "group_private", "unknown"),
    ],
    "instagram": ["public", "public", "followers", "unknown"],
}
PLATFORMS = ["facebook", "facebook", "instagram"]
AUTHORS = ["self", "other"]
AUTHOR_AGES = ["adult", "adult", "unknown"]
YEARS = (2015, 2025)  # days 1-28 of every month of these years


def feed_items(count: int, seed: int = 7) -> list[dict[str, str]]:
    """A feed-like mix: mostly posts and comments, each platform's audiences, dates over ten
    years up to the `as_of` the benchmark asks about."""
    rng = random.Random(seed)
    ids = itertools.count()
    return [
        {
            "id": f"item-{next(ids)}",
            "platform": (platform := rng.choice(PLATFORMS)),
            "kind": rng.choice(KINDS),
            "audience": rng.choice(AUDIENCES[platform]),
            "created_at": date(
                rng.randint(*YEARS), rng.randint(1, 12), rng.randint(1, 28)
            ).isoformat(),
            "author": rng.choice(AUTHORS),
            "author_age": rng.choice(AUTHOR_AGES),
        }
        for _ in range(count)
    ]


# A new feed on every request, drawn as `feed_items` draws one: new ids and new days, so the
# service's caches of judged items rarely hit (the fixed body above hits every time). Each wrk
# run draws from a seed of its own: a round replaying the warm-up's feeds would find them cached.
FRESH_FEED_LUA = """
math.randomseed(os.time())
local kinds = {%(kinds)s}
local audiences = {facebook = {%(facebook)s}, instagram = {%(instagram)s}}
local platforms = {%(platforms)s}
local authors = {%(authors)s}
local ages = {%(ages)s}
local count = 0
local function pick(list) return list[math.random(#list)] end
request = function()
  local items = {}
  for i = 1, %(items)d do
    count = count + 1
    local platform = pick(platforms)
    items[i] = string.format(
      '{"id":"item-%%d","platform":"%%s","kind":"%%s","audience":"%%s",' ..
      '"created_at":"%%04d-%%02d-%%02d","author":"%%s","author_age":"%%s"}',
      count, platform, pick(kinds), pick(audiences[platform]),
      math.random(%(first_year)d, %(last_year)d), math.random(1, 12), math.random(1, 28),
      pick(authors), pick(ages))
  end
  local body = '{"region":"DE","as_of":"2026-01-15","items":[' .. table.concat(items, ",") .. ']}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
"""


def fresh_feed_lua(items: int) -> str:
    def quoted(values: list[str]) -> str:
        return ", ".join(f'"{value}"' for value in values)

    return FRESH_FEED_LUA % {
        "kinds": quoted(KINDS),
        "facebook": quoted(AUDIENCES["facebook"]),
        "instagram": quoted(AUDIENCES["instagram"]),
        "platforms": quoted(PLATFORMS),
        "authors": quoted(AUTHORS),
        "ages": quoted(AUTHOR_AGES),
        "first_year": YEARS[0],
        "last_year": YEARS[1],
        "items": items,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        print("\n".join(run(backend, args.items, args.seconds, args.rounds)), flush=True)


def run(backend: str, items: int, seconds: float, rounds: int) -> list[str]:
    body = json.dumps({"region": "DE", "as_of": "2026-01-15", "items": feed_items(items)})
    json_headers = {"Content-Type": "application/json"}
    post = lua_body("POST", body, json_headers)
    with (
        bench_database(backend) as database_url,
        uvicorn_process("bench.baseline_app:app") as bare,
        uvicorn_process(
            "api.main:create_app",
            {"AI_OPTOUT_DATABASE_URL": database_url, **UNLIMITED_ADDRESS},
            factory=True,
        ) as service,
    ):
        token = httpx.post(f"{service}/v1/accounts").json()["access_token"]
        check = httpx.post(f"{service}/v1/explain", content=body, headers=json_headers)
        assert check.status_code == 200 and len(check.json()["results"]) == items
        signed_in = lua_body("POST", body, {**json_headers, "Authorization": f"Bearer {token}"})
        httpx.post(f"{bare}/set-sized-answer", content=check.content)

        def load(label: str, url: str, lua: str) -> Callable[[], Result]:
            wrk(label, url, seconds=1, lua=lua)  # warm-up, once

            def measure() -> Result:
                return wrk(label, url, seconds=seconds, lua=lua, warm_up=False)

            return measure

        bare_post = load("bare", f"{bare}/bare-explain", post)
        explain = load("explain", f"{service}/v1/explain", post)
        main = alternate(f"POST /v1/explain, {items} items / bare", explain, bare_post, rounds)
        sized = alternate(
            f"  bare with the {len(check.content):,} B answer / bare",
            load("sized", f"{bare}/bare-explain-sized", post),
            bare_post,
            2,
        )
        fresh_lua = fresh_feed_lua(items)
        fresh = alternate(
            "  a new feed each request / bare",
            load("fresh", f"{service}/v1/explain", fresh_lua),
            load("bare fresh", f"{bare}/bare-explain", fresh_lua),
            3,
        )
        signed = alternate(
            "  explain, signed in / bare",
            load("signed in", f"{service}/v1/explain", signed_in),
            bare_post,
            2,
        )
    return [
        f"## explain, {backend}: one uvicorn worker each, wrk -t1 -c16, {len(body):,} B body",
        main.row(TARGET),
        f"  stretch ≥ {STRETCH:g}×: {'met' if main.ratio >= STRETCH else 'NOT met'}",
        sized.row(),
        fresh.row(),
        signed.row(),
    ]


if __name__ == "__main__":
    main()
