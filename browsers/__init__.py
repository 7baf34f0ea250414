"""The real extension in real browsers, driven from Python: the end-to-end tests and the
benchmarks both use it, and it is part of neither (nor of the service's wheel)."""

from pathlib import Path

EXTENSION = Path(__file__).resolve().parents[1] / "extension"
# How long a page may take to show what a test or a run waits for.
PAGE_TIMEOUT_MS = 15_000
