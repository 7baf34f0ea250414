"""CPU per preference write, through the whole app in-process, optionally against another tree.

    python -m bench.write_cost                          # this tree
    git worktree add /tmp/before <commit>
    python -m bench.write_cost --against /tmp/before    # both, alternating rounds, with the ratio

Each write is a `PUT /v1/me/preferences` that changes the opt-out (a receipt is signed) and the
listing (a checks feed row), on a fresh migrated SQLite file (WAL, synchronous=FULL). CPU time
is the process's (`time.process_time`), so the fsync's wait is not in it; the HTTP client's
own cost is, and is the same for both trees. Rounds alternate between the trees so that drift
on a busy machine falls on both.
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs inside a child process whose sys.path starts with the tree under test.
CHILD = r"""
import asyncio, json, sys, tempfile, time
from pathlib import Path
import httpx
from tests.support.databases import migrated_sqlite_template, sqlite_copy
from api.config import Settings
from api.db import make_engine
from api.main import create_app

ACCOUNT = {"platform": "facebook", "profile": "jane.doe"}
BODIES = [
    {"region": "DE", "scope": ["posts"], "accounts": [ACCOUNT], "listed": True},
    {"region": "DE", "scope": ["posts", "comments"], "accounts": [ACCOUNT], "listed": False},
]

async def main(writes):
    tmp = Path(tempfile.mkdtemp())
    url = sqlite_copy(migrated_sqlite_template(tmp / "template"), tmp)
    settings = Settings(environment="test", database_url=url, data_dir=tmp)
    app = create_app(settings, engine=make_engine(settings.effective_database_url))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        token = (await client.post("/v1/accounts")).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        etag = (await client.get("/v1/me/preferences", headers=auth)).headers["etag"]
        async def put(i):
            nonlocal etag
            response = await client.put(
                "/v1/me/preferences", headers={**auth, "If-Match": etag}, json=BODIES[i % 2]
            )
            assert response.status_code == 200 and response.json()["receipt"], response.text
            etag = response.headers["etag"]
        for i in range(50):
            await put(i)
        start = time.process_time()
        for i in range(writes):
            await put(i)
        print(json.dumps(1000 * (time.process_time() - start) / writes))

asyncio.run(main(int(sys.argv[1])))
"""


def cpu_ms_per_write(tree: Path, writes: int) -> float:
    output = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {str(tree)!r})\n{CHILD}",
            str(writes),
        ],
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--writes", type=int, default=200)
    arguments = parser.parse_args()
    trees = {"this tree": ROOT}
    if arguments.against is not None:
        trees["--against"] = arguments.against.resolve()
    samples: dict[str, list[float]] = {label: [] for label in trees}
    for _ in range(arguments.rounds):
        for label, tree in trees.items():
            samples[label].append(cpu_ms_per_write(tree, arguments.writes))
    for label, values in samples.items():
        print(
            f"{label:<10} CPU per write: median {statistics.median(values):.2f} ms "
            f"(min {min(values):.2f}, max {max(values):.2f}) over {arguments.rounds} rounds"
        )
    if arguments.against is not None:
        ratios = [
            before / after
            for before, after in zip(samples["--against"], samples["this tree"], strict=True)
        ]
        print(
            f"cheaper by: median {statistics.median(ratios):.2f}× "
            f"(min {min(ratios):.2f}×, max {max(ratios):.2f}×) per round"
        )


if __name__ == "__main__":
    main()
