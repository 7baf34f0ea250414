"""The linters reach every Python file the project keeps: an exclusion meant for the extension's
own folder once matched `tests/extension/` too, and its four files went unlinted unnoticed."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).with_name("ruff")


def _tracked_python() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(listed.stdout.split())


def test_ruff_checks_every_tracked_python_file() -> None:
    shown = subprocess.run(
        [str(RUFF), "check", "--show-files", "."], cwd=ROOT, capture_output=True, text=True
    )
    checked = {str(Path(line).relative_to(ROOT)) for line in shown.stdout.split()}
    assert sorted(_tracked_python() - checked) == []
