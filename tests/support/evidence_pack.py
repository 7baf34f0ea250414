"""Downloading a person's evidence pack and reading it as its recipient would: its files and
its own verifying script (the objection and ledger tests check it)."""

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import Person

PACK = "/v1/me/evidence-pack"


async def download(client: httpx.AsyncClient, person: Person, into: Path) -> Path:
    response = await client.get(PACK, headers=person.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert response.headers["cache-control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(into)
    return into / "evidence"


def load(folder: Path, name: str) -> Any:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def run_script(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(folder / "verify.py"), str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
