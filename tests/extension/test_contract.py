"""The extension and the service agree: the service's own OpenAPI document, handed to the
extension's contract check (`extension/tools/contract.mjs`), which sends it every request the
extension's API client makes and compares the vocabulary in `extension/src/platforms.js` with the
document's enums. `extension/test/contract.test.js` proves the check fails on a changed document."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from api.config import Settings
from api.main import create_app
from api.policy import jurisdictions
from tests.support.databases import sqlite_copy
from tests.support.requirements import missing

EXTENSION = Path(__file__).resolve().parents[2] / "extension"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        missing(
            "node not installed", under_ci="CI must check the extension's contract with the service"
        )
    return node


@pytest.fixture
def openapi_file(sqlite_template: Path, tmp_path: Path) -> Path:
    settings = Settings(
        environment="test",
        database_url=sqlite_copy(sqlite_template, tmp_path),
        data_dir=tmp_path,
    )
    app = create_app(settings)
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(app.openapi()), encoding="utf-8")
    app.state.engine.dispose()
    return path


def test_the_extension_sends_and_names_only_what_the_services_document_allows(
    openapi_file: Path,
) -> None:
    node = _node()

    run = subprocess.run(
        [node, "tools/contract.mjs", str(openapi_file)],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert "0 mismatch(es)" in run.stdout


def test_the_extension_links_to_the_objection_forms_the_service_names() -> None:
    script = (
        "const { SITES } = await import(process.argv[1]);"
        "console.log(JSON.stringify(Object.fromEntries("
        "Object.entries(SITES).map(([p, site]) => [p, site.objectionForm]))));"
    )
    shown = subprocess.run(
        [_node(), "--input-type=module", "-e", script, str(EXTENSION / "src" / "platforms.js")],
        capture_output=True,
        text=True,
        check=True,
    )
    # Every platform's form, from the facts the service answers with (jurisdictions.toml).
    assert json.loads(shown.stdout) == jurisdictions.facts().forms
