"""The web page's Node checks, run by the one test command: the export reader's tests (the real
Instagram sample, synthetic Facebook exports, bad input, streaming) and the request bodies it
builds, validated here against the service's own schema."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from api.explain.schemas import ExplainRequest
from tests.support.requirements import missing

SITE = Path(__file__).resolve().parents[2] / "api" / "site"
# Read in place from shared/, beside the repository (never copied into it).
SAMPLE = SITE.parents[2] / "shared/fixtures/real/exports/instagram-anonymised-2025.zip"

# Reads the sample as the page does and prints the bodies it would send to POST /v1/explain.
BODIES = """
import { openAsBlob } from 'node:fs';
import { explainRequests, readExport } from './static/js/export/index.js';
const report = await readExport(await openAsBlob(process.argv[1]), { timeZone: 'UTC' });
const answers = { region: 'DE', ageBand: 'adult', audience: { instagram: 'public' } };
console.log(JSON.stringify(explainRequests(report.items, answers, { account: report.account })));
"""


def _node() -> str:
    found = shutil.which("node")
    if found is None:
        missing("node not installed", under_ci="CI must run the web page's tests")
    if not (SITE / "node_modules").is_dir():
        pytest.fail("api/site/node_modules is missing: run `make test` (it runs `npm ci`)")
    return found


def test_the_pages_node_tests_pass() -> None:
    node = _node()

    run = subprocess.run(
        [node, "--test", "--test-reporter=spec", "test/"],
        cwd=SITE,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "TZ": "UTC"},
    )

    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert "✖" not in run.stdout


def test_the_bodies_built_from_the_sample_export_are_valid_explain_requests() -> None:
    node = _node()
    if not SAMPLE.is_file():
        missing(
            "the Instagram sample export is not here",
            under_ci=f"CI has ../shared beside the project ({SAMPLE})",
        )

    run = subprocess.run(
        [node, "--input-type=module", "-e", BODIES, str(SAMPLE)],
        cwd=SITE,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    bodies = json.loads(run.stdout)
    assert len(bodies) == 1
    request = ExplainRequest.model_validate(bodies[0])
    assert request.region == "DE"
    assert sorted(item.kind for item in request.items) == [
        "comment",
        "comment",
        "comment",
        "post",
        "profile_info",
        "story",
        "story",
        "story",
        "story",
    ]
    assert {item.audience for item in request.items if item.kind != "comment"} == {"public"}
