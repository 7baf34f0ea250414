"""Preference reads and writes through HTTP against bare FastAPI endpoints, in the same run.

    python -m bench.preferences [--backend sqlite|postgresql|both] [--seconds 5]

Target: a preference read costs no more than 2× a bare FastAPI GET (throughput ratio ≥ 0.5).
"""

import argparse
import json

import httpx

from bench.databases import bench_database
from bench.harness import Result, lua_body, uvicorn_process, wrk

WRITE_LUA = """
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.body = [[%(body)s]]
local etag = '"v1"'
local reread = false
request = function()
  if reread then
    -- the warm-up moved the version on: read the current ETag once, then write again
    reread = false
    return wrk.format("GET", nil, {["Authorization"] = "Bearer %(token)s"}, nil)
  end
  wrk.headers["If-Match"] = etag
  return wrk.format()
end
response = function(status, headers, body)
  local tag = headers["etag"] or headers["ETag"]
  if tag then etag = tag end
  if status == 412 then reread = true end
end
"""
PREFERENCES = {
    "region": "DE",
    "accounts": [
        {
            "platform": "facebook",
            "profile": "jane.doe",
            "objection": {"state": "submitted", "submitted_on": "2025-05-20"},
        },
        {"platform": "instagram", "profile": "jane_doe"},
    ],
    "scope": "all",
    "listed": False,
}


def run(backend: str, seconds: int) -> list[str]:
    rows = [f"## {backend}: single uvicorn worker, wrk -t1"]
    with (
        bench_database(backend) as database_url,
        uvicorn_process("bench.baseline_app:app") as bare,
        uvicorn_process(
            "api.main:create_app", {"AI_OPTOUT_DATABASE_URL": database_url}, factory=True
        ) as service,
    ):
        token = httpx.post(f"{service}/v1/accounts").json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        body = json.dumps(PREFERENCES)

        bare_get = wrk("bare FastAPI GET (async)", f"{bare}/bare", seconds=seconds)
        bare_sync = wrk("bare FastAPI GET (thread pool)", f"{bare}/bare-sync", seconds=seconds)
        read = wrk(
            "GET /v1/me/preferences", f"{service}/v1/me/preferences", seconds=seconds, headers=auth
        )
        bare_put = wrk(
            "bare FastAPI PUT (1 connection)",
            f"{bare}/bare-put",
            seconds=seconds,
            connections=1,
            lua=lua_body("PUT", body, {"Content-Type": "application/json"}),
        )
        write = wrk(
            "PUT /v1/me/preferences (1 connection)",
            f"{service}/v1/me/preferences",
            seconds=seconds,
            connections=1,
            lua=WRITE_LUA % {"token": token, "body": body},
        )
        rows += [
            bare_get.row(),
            bare_sync.row(bare_get),
            read.row(bare_get),
            bare_put.row(),
            write.row(bare_put),
        ]
        rows.append(_verdict(read, bare_get))
    return rows


def _verdict(read: Result, bare: Result) -> str:
    ratio = read.requests_per_second / bare.requests_per_second
    status = "meets" if ratio >= 0.5 else "MISSES"
    return f"read/bare GET throughput = {ratio:.2f} ({status} the ≥ 0.5 target, i.e. ≤ 2× cost)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        print("\n".join(run(backend, args.seconds)), flush=True)


if __name__ == "__main__":
    main()
