"""The extension's own checks, run by the one test command: its Node unit tests (page reading,
badges, background) and `web-ext lint` for the Firefox build."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.requirements import missing

EXTENSION = Path(__file__).resolve().parents[2] / "extension"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        missing(f"{name} not installed", under_ci="CI must run the extension's tests")
    if not (EXTENSION / "node_modules").is_dir():
        pytest.fail("extension/node_modules is missing: run `make test` (it runs `npm ci`)")
    return found


def test_the_extensions_node_unit_tests_pass() -> None:
    node = _tool("node")

    run = subprocess.run(
        [node, "--test", "--test-reporter=spec", "test/"],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert "# fail 0" in run.stdout or "✖" not in run.stdout


def test_web_ext_lint_finds_no_errors_in_the_firefox_build() -> None:
    npx = _tool("npx")

    run = subprocess.run(
        [
            npx,
            "--no-install",
            "web-ext",
            "lint",
            "--source-dir",
            ".",
            "--output",
            "json",
            "--ignore-files",
            "node_modules/**",
            "test/**",
            "package.json",
            "package-lock.json",
        ],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=300,
    )

    report = json.loads(run.stdout[run.stdout.index("{") :])
    assert report["errors"] == [], report["errors"]
    assert report["summary"]["errors"] == 0
